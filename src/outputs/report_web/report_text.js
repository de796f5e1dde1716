// sezu report, zone names in the page: long ones shortened with an ellipsis (the whole name on
// hover), each isolated for the bidirectional algorithm so that an Arabic or Hebrew name does
// not reorder the id, the dash or the numbers beside it. Texts go in as text, never markup.
window.sezuReportText = function (Z) {
  "use strict";
  const LIST_CHARS = 60; // of an id or a name in a list (the zone picker)
  const clip = (text, n) => {
    const chars = Array.from(String(text)); // code points: no half of a surrogate pair
    return chars.length > n ? chars.slice(0, n - 1).join("") + "…" : String(text);
  };
  const isolate = (text) => "\u2068" + text + "\u2069"; // FSI … PDI: <bdi> for plain text
  // The whole label, for tooltips and titles.
  const zoneText = (z) => Z.id[z] + (Z.name[z] ? " — " + Z.name[z] : "");
  // For plain text (a select's options): each part isolated and shortened.
  const zonePlain = (z) => isolate(clip(Z.id[z], LIST_CHARS)) +
    (Z.name[z] ? " — " + isolate(clip(Z.name[z], LIST_CHARS)) : "");
  // For the page: each part a <bdi> that CSS shortens with an ellipsis, the whole on hover.
  function zoneLabel(z) {
    const span = document.createElement("span");
    span.className = "zone-label";
    span.title = zoneText(z);
    const part = (text) => {
      const b = document.createElement("bdi");
      b.textContent = text;
      return b;
    };
    span.appendChild(part(Z.id[z]));
    if (Z.name[z]) {
      span.appendChild(document.createTextNode(" — "));
      span.appendChild(part(Z.name[z]));
    }
    return span;
  }
  // A table cell of text: isolated and shortened by CSS (td.text), the whole on hover.
  function textCell(text) {
    const td = document.createElement("td");
    td.className = "text";
    td.textContent = text;
    if (text) td.title = text;
    return td;
  }
  return { zoneText: zoneText, zonePlain: zonePlain, zoneLabel: zoneLabel, textCell: textCell };
};

// sezu report, periods on the time axis: months, or years for an annual archive.
window.sezuReportPeriods = function (D) {
  "use strict";
  const M = D.months.length;
  // An annual archive's periods are years, labelled "YYYY": a point sits mid-year (1 July), a
  // band spans the year, and the x axis is ticked and read in years.
  const ANNUAL = D.periodUnit === "year";
  const PERIOD = ANNUAL ? "year" : "month";
  const ym = (label) => [Number(label.slice(0, 4)), ANNUAL ? 1 : Number(label.slice(5, 7))];
  const monthStart = (label) => { const [y, m] = ym(label); return new Date(Date.UTC(y, m - 1, 1)); };
  const monthMid = (label) => {
    const [y, m] = ym(label);
    return ANNUAL ? new Date(Date.UTC(y, 6, 1)) : new Date(Date.UTC(y, m - 1, 15));
  };
  const nextStart = (label) => { const [y, m] = ym(label); return new Date(Date.UTC(y, ANNUAL ? 12 : m, 1)); };
  const yearTicks = (min, max) => {
    const ticks = [];
    for (let y = new Date(min).getUTCFullYear(); y <= new Date(max).getUTCFullYear(); ++y) {
      const v = Date.UTC(y, 6, 1);
      if (v >= min && v <= max) ticks.push({ v: v, label: String(y) });
    }
    return ticks;
  };
  const xAxis = ANNUAL
    ? { ticker: yearTicks, valueFormatter: (v) => String(new Date(v).getUTCFullYear()) }
    : {};
  // Whole years shown, so the first and last years' points (and ticks) lie inside the chart.
  const yearsWindow = ANNUAL && M > 0
    ? [monthStart(D.months[0]).getTime(), nextStart(D.months[M - 1]).getTime()] : null;
  return { PERIOD: PERIOD, ym: ym, monthStart: monthStart, monthMid: monthMid,
    nextStart: nextStart, xAxis: xAxis, yearsWindow: yearsWindow };
};
