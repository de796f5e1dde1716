// sezu report: draws the map, the series, the comparison and the table from the numbers in
// <script id="sezu-data"> (docs/report.md). Every text that comes from the archive or the zones
// file is set with textContent, a DOM text node or canvas fillText: never as markup.
(function () {
  "use strict";
  const phases = [["start", performance.now()]];
  const phase = (name) => phases.push([name, performance.now()]);
  const parsed = (id) => JSON.parse(document.getElementById(id).textContent);
  const D = parsed("sezu-data");
  // The sum of lights is in the page; the other statistics are scripts in data/ that call
  // sezuSeriesLoaded, added when first asked for (withSeries).
  const seriesCache = { sol: parsed("sezu-series-sol") };
  const series = (key) => seriesCache[key];
  const waiting = {};
  window.sezuSeriesLoaded = (key, values) => {
    seriesCache[key] = values;
    (waiting[key] || []).forEach((then) => then());
    delete waiting[key];
  };
  function withSeries(key, then) {
    if (seriesCache[key]) return then();
    if (waiting[key]) return waiting[key].push(then);
    waiting[key] = [then];
    const script = document.createElement("script");
    script.src = "data/series-" + key + ".js";
    document.body.appendChild(script);
  }
  phase("parse");
  const Z = D.zones, N = Z.id.length, M = D.months.length; // zones, their count, months
  const STATS = {
    sol: { label: "sum of lights", unit: "nW/cm²/sr" }, mean: { label: "mean radiance", unit: "nW/cm²/sr" },
    lit: { label: "lit share", unit: "%" },
    cf: { label: "cloud-free share", unit: "%" },
  };
  const SHADE = {
    failed: "rgba(214,39,40,0.20)",
    incomplete: "rgba(255,127,14,0.28)",
    "not published": "rgba(120,120,120,0.20)",
    partial: "rgba(31,119,180,0.12)", // ok, but its files cover only some days (EOG's 2022-07)
  };
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f"];
  const EVENT_COLOUR = "#6a3d9a";
  const MAX_TABLE_ROWS = 300;

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  const has = (v) => v !== null && v !== undefined && isFinite(v);
  // Numbers as stored in the data (6 significant digits): the archive's value, shown whole.
  const exact = (v) => (has(v) ? String(v) : "–");
  const short = (v) => (has(v) ? String(Number(Number(v).toPrecision(4))) : "–");
  const P = window.sezuReportPeriods(D), PERIOD = P.PERIOD, ym = P.ym; // months or years: report_text.js
  const { monthStart, monthMid, nextStart, xAxis, yearsWindow } = P;
  const mids = D.months.map(monthMid);
  const T = window.sezuReportText(Z), zoneText = T.zoneText, newest = D.newest; // labels: report_text.js

  function fillSelect(select, entries, value) {
    for (const [v, text, title] of entries) select.appendChild(Object.assign(new Option(text, v), { title: title || "" }));
    select.value = value;
  }

  // ---- one zone's series -------------------------------------------------------------------
  let zoneChart = null, current = -1;

  // Failed, incomplete, unpublished and partial months as bands; the event as a dashed line
  // whose label sits in a white box beside it, on the side with room, so no line crosses it.
  function underlay(z) {
    return function (ctx, area, g) {
      for (let m = 0; m < M; ++m) {
        const colour = SHADE[D.status[m]] || (D.partial[m] ? SHADE.partial : null);
        if (!colour) continue;
        const x0 = g.toDomXCoord(monthStart(D.months[m]).getTime());
        const x1 = g.toDomXCoord(nextStart(D.months[m]).getTime());
        ctx.fillStyle = colour;
        ctx.fillRect(x0, area.y, Math.max(1, x1 - x0), area.h);
      }
      if (!Z.eventMonth[z]) return;
      const x = g.toDomXCoord(monthStart(Z.eventMonth[z]).getTime());
      if (x < area.x || x > area.x + area.w) return;
      ctx.save();
      ctx.strokeStyle = EVENT_COLOUR;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, area.y);
      ctx.lineTo(x, area.y + area.h);
      ctx.stroke();
      ctx.setLineDash([]);
      const text = D.eventField + " " + Z.eventMonth[z];
      ctx.font = "12px 'DejaVu Sans', sans-serif";
      const w = ctx.measureText(text).width + 8;
      const left = x + 6 + w <= area.x + area.w ? x + 6 : x - 6 - w;
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(left, area.y + 4, w, 18);
      ctx.strokeStyle = EVENT_COLOUR;
      ctx.lineWidth = 1;
      ctx.strokeRect(left, area.y + 4, w, 18);
      ctx.fillStyle = EVENT_COLOUR;
      ctx.fillText(text, left + 4, area.y + 17);
      ctx.restore();
    };
  }

  function ring(g, name, ctx, cx, cy, colour) {
    ctx.beginPath();
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.arc(cx, cy, 6, 0, 2 * Math.PI);
    ctx.stroke();
  }

  function zoneReadout(z, key, m) {
    const out = $("zone-readout");
    if (m === null) {
      out.textContent = "Hover over the chart for a " + PERIOD + "'s values.";
      delete out.dataset.month;
      delete out.dataset.value;
      return;
    }
    const v = series(key)[z][m];
    let text = D.months[m] + ": " + STATS[key].label + " " + exact(v) +
      (has(v) ? " " + STATS[key].unit : "") + " · " + PERIOD + " " + D.status[m];
    if (Z.flags[z][m] === "1")
      text += " · gap: cloud-free share " + (series("cf") ? exact(series("cf")[z][m]) + " %" : "below " + short(100 * (1 - D.gapThreshold)) + " %");
    for (const note of [D.reasons[m], D.monthNotes[m]]) if (note) text += " · " + note;
    out.textContent = text;
    out.dataset.month = D.months[m];
    out.dataset.value = exact(v);
  }

  function swatch(kind, colour) {
    const s = el("span", null, "swatch " + kind);
    s.style.setProperty("--c", colour);
    return s;
  }

  // Only what this zone's chart shows.
  function zoneLegend(z, key) {
    const ul = $("zone-legend");
    ul.textContent = "";
    const add = (kind, colour, text) => {
      const li = el("li");
      li.appendChild(swatch(kind, colour));
      li.appendChild(document.createTextNode(text));
      ul.appendChild(li);
    };
    const values = series(key)[z];
    if (values.some(has)) add("line", PALETTE[0], STATS[key].label + " (" + STATS[key].unit + ")");
    else add("none", "#999", "no value in any " + PERIOD + " (zone outside the grid, or no " + PERIOD + " ok)");
    if (Z.flags[z].indexOf("1") >= 0)
      add("ring", "#d62728", "gap: cloud-free share below " + short(100 * (1 - D.gapThreshold)) + " %");
    const seen = new Set(D.status);
    for (const s of ["failed", "incomplete", "not published"])
      if (seen.has(s)) add("band", SHADE[s], s + " " + PERIOD);
    if (D.partial.some(Boolean)) add("band", SHADE.partial, "partial month (its files cover only some days)");
    if (eventInSpan(z)) add("event", EVENT_COLOUR, D.eventField + " " + Z.eventMonth[z]);
  }

  // The event's line is drawn (and listed) only when it falls within the archive's months.
  function eventInSpan(z) {
    const e = Z.eventMonth[z];
    return Boolean(e) && M > 0 && e >= D.months[0] && e <= D.months[M - 1];
  }

  function showZone(z, scroll) {
    if (z < 0 || z >= N) return;
    const key = $("zone-stat").value;
    if (!series(key)) return withSeries(key, () => showZone(z, scroll));
    current = z;
    const log = $("zone-scale").value === "log";
    $("zone-pick").value = String(z);
    const title = $("zone-title");
    title.replaceChildren(T.zoneLabel(z));
    if (Z.event[z]) title.append(" · " + D.eventField + " " + Z.event[z]);
    chips.show(z);
    const values = series(key)[z];
    const rows = mids.map((d, m) => [d, values[m], Z.flags[z][m] === "1" ? values[m] : null]);
    const finite = values.filter((v) => has(v) && (!log || v > 0));
    const options = {
      labels: [PERIOD, STATS[key].label, "gap"],
      legend: "never",
      colors: [PALETTE[0], "#d62728"],
      drawPoints: true,
      pointSize: 2.5,
      strokeWidth: 1.6,
      logscale: log,
      ylabel: STATS[key].label + " (" + STATS[key].unit + ")",
      axes: { x: xAxis, y: { axisLabelWidth: 64, axisLabelFormatter: (v) => String(Number(Number(v).toPrecision(4))) } },
      series: { gap: { strokeWidth: 0, drawPointCallback: ring, drawHighlightPointCallback: ring } },
      showRangeSelector: M > 12,
      rangeSelectorHeight: 32,
      underlayCallback: underlay(z),
      highlightCallback: (e, x, points, row) => zoneReadout(z, key, row),
      unhighlightCallback: () => zoneReadout(z, key, null),
      dateWindow: yearsWindow,
      valueRange: finite.length ? null : (log ? [1, 10] : [0, 1]),
    };
    if (zoneChart) zoneChart.destroy();
    zoneChart = new Dygraph($("zone-chart"), rows, options);
    zoneReadout(z, key, null);
    zoneLegend(z, key);
    const body = document.body;
    body.dataset.zone = String(z);
    body.dataset.zonePoints = String(values.filter(has).length);
    highlightOnMap(z);
    const top = $("zone").getBoundingClientRect().top;
    if (scroll && (top < 0 || top > window.innerHeight - 200)) $("zone").scrollIntoView();
  }

  // ---- zones compared ----------------------------------------------------------------------
  let compareChart = null;
  const compared = new Set();

  // The mean of the zone's usable (observed) months in the first year that has any: 100.
  function indexBase(z, key) {
    const values = series(key)[z];
    let year = null, sum = 0, n = 0;
    for (let m = 0; m < M; ++m) {
      if (Z.flags[z][m] !== "0" || !has(values[m])) continue;
      const y = ym(D.months[m])[0];
      if (year === null) year = y;
      if (y !== year) break;
      sum += values[m];
      n += 1;
    }
    return n && sum > 0 ? { year: year, base: sum / n } : null;
  }

  function drawCompare() {
    const key = $("compare-stat").value;
    if (!series(key)) return withSeries(key, drawCompare);
    const zones = [], bases = [];
    for (const z of compared) {
      const b = indexBase(z, key);
      if (b) { zones.push(z); bases.push(b); }
    }
    const readout = $("compare-readout");
    if (compareChart) { compareChart.destroy(); compareChart = null; }
    $("compare-chart").textContent = "";
    const legend = $("compare-legend");
    legend.textContent = "";
    if (!zones.length) {
      readout.textContent = "No ticked zone has a usable month to index from.";
      return;
    }
    const rows = mids.map((d, m) => [d].concat(zones.map((z, i) =>
      Z.flags[z][m] === "0" && has(series(key)[z][m]) ? 100 * series(key)[z][m] / bases[i].base : null)));
    zones.forEach((z, i) => {
      const li = el("li");
      li.appendChild(swatch("line", PALETTE[i % PALETTE.length]));
      li.append(T.zoneLabel(z), " (100 = " + bases[i].year + ")");
      legend.appendChild(li);
    });
    compareChart = new Dygraph($("compare-chart"), rows, {
      labels: [PERIOD].concat(zones.map((z, i) => "zone " + (i + 1))),
      legend: "never",
      colors: zones.map((z, i) => PALETTE[i % PALETTE.length]),
      logscale: $("compare-scale").value === "log",
      ylabel: STATS[key].label + ", first year = 100",
      strokeWidth: 1.6,
      connectSeparatedPoints: true,
      axes: { x: xAxis, y: { axisLabelWidth: 54 } },
      dateWindow: yearsWindow,
      highlightCallback: (e, x, points, row) => {
        readout.textContent = D.months[row] + ": " + zones.map((z, i) =>
          Z.id[z] + " " + (has(rows[row][i + 1]) ? rows[row][i + 1].toFixed(1) : "–")).join(" · ");
      },
      unhighlightCallback: () => { readout.textContent = "Hover over the chart for a " + PERIOD + "'s index."; },
    });
    readout.textContent = "Hover over the chart for a " + PERIOD + "'s index.";
  }

  // ---- the table ---------------------------------------------------------------------------
  const ba = (z, i) => (D.beforeAfter[z] ? D.beforeAfter[z][i] : null);
  const atNewest = (key) => (z) => D.newestMonth[key][z];
  const COLUMNS = [
    { label: "compare", check: true },
    { label: "zone", get: (z) => Z.id[z], text: true },
    { label: "name", get: (z) => Z.name[z], text: true },
    { label: D.eventField, get: (z) => Z.event[z], text: true },
    { label: "sum of lights", get: atNewest("sol") },
    { label: "mean radiance (nW/cm²/sr)", get: atNewest("mean") },
    { label: "max radiance", get: (z) => D.newestMonth.max[z] },
    { label: "lit share (%)", get: atNewest("lit") },
    { label: "cloud-free share (%)", get: atNewest("cf") },
    { label: "area (km²)", get: (z) => D.newestMonth.area[z] },
  ].concat([PERIOD + "s before", PERIOD + "s after", "mean before", "mean after", "ratio after/before",
    "trend before (/yr)", "trend after (/yr)"].map((label, i) => ({ label: label, get: (z) => ba(z, i) })),
  [{ label: "note", get: (z) => ba(z, 7), text: true }]);
  let sortColumn = -1, sortDescending = false;
  let order = [...Array(N).keys()];

  function sortBy(c) {
    sortDescending = c === sortColumn ? !sortDescending : !COLUMNS[c].text;
    sortColumn = c;
    const get = COLUMNS[c].get || ((z) => (compared.has(z) ? 1 : 0));
    const text = COLUMNS[c].text;
    const sign = sortDescending ? -1 : 1;
    order = [...Array(N).keys()].sort((a, b) => {
      const va = get(a), vb = get(b);
      const ma = text ? !va : !has(va), mb = text ? !vb : !has(vb);
      if (ma || mb) return ma === mb ? a - b : ma ? 1 : -1; // missing values last either way
      const d = text ? String(va).localeCompare(String(vb)) : va - vb;
      return d ? sign * d : a - b;
    });
    drawTable();
  }

  function drawTable() {
    const table = $("zone-table");
    const head = table.tHead;
    head.textContent = "";
    const tr = el("tr");
    COLUMNS.forEach((col, c) => {
      const th = el("th", col.label);
      th.setAttribute("aria-sort", c !== sortColumn ? "none" : sortDescending ? "descending" : "ascending");
      th.addEventListener("click", () => sortBy(c));
      tr.appendChild(th);
    });
    head.appendChild(tr);
    const filter = $("table-filter").value.trim().toLowerCase();
    const shown = filter ? order.filter((z) =>
      Z.id[z].toLowerCase().includes(filter) || Z.name[z].toLowerCase().includes(filter)) : order;
    const body = table.tBodies[0];
    const rows = document.createDocumentFragment();
    for (const z of shown.slice(0, MAX_TABLE_ROWS)) {
      const row = el("tr");
      row.dataset.zone = String(z);
      for (const col of COLUMNS) {
        if (col.check) {
          const box = Object.assign(el("input"), { type: "checkbox", checked: compared.has(z), title: "compare" });
          box.addEventListener("change", () => { if (box.checked) compared.add(z); else compared.delete(z); drawCompare(); });
          row.appendChild(el("td")).appendChild(box);
        } else {
          row.appendChild(col.text ? T.textCell(col.get(z)) : el("td", short(col.get(z)), "n"));
        }
      }
      row.addEventListener("click", (e) => { if (e.target.tagName !== "INPUT") showZone(z, true); });
      rows.appendChild(row);
    }
    body.textContent = "";
    body.appendChild(rows);
    $("table-note").textContent = (shown.length > MAX_TABLE_ROWS
      ? "the first " + MAX_TABLE_ROWS + " of " + shown.length + " zones; find narrows the list · "
      : shown.length + " zones · ") + (newest === null ? "no " + PERIOD + " ok" :
      "figures of the newest ok " + PERIOD + ", " + D.months[newest] + "; click a row for its series");
  }

  // ---- the map (report_map.js) and the zones' chips (report_chip.js) ---------------------
  const zoneMap = window.sezuReportMap({ D: D, Z: Z, N: N, newest: newest, $: $, el: el, has: has,
    short: short, swatch: swatch, zoneLabel: T.zoneLabel, atNewest: atNewest, ba: ba, parsed: parsed,
    showZone: (z) => showZone(z, true) });
  const highlightOnMap = zoneMap.highlight;
  const chips = window.sezuReportChips({ D: D, N: N, $: $, el: el, geometry: zoneMap.geometry });
  // ---- start -------------------------------------------------------------------------------
  function start() {
    const statEntries = Object.keys(STATS).map((k) => [k, STATS[k].label]);
    fillSelect($("zone-stat"), statEntries, "sol");
    fillSelect($("compare-stat"), statEntries, "sol");
    fillSelect($("zone-pick"), Z.id.map((id, z) => [String(z), T.zonePlain(z), zoneText(z)]), "0");
    // The brightest zones of the newest month are compared first.
    [...Array(N).keys()].filter((z) => has(atNewest("sol")(z)))
      .sort((a, b) => atNewest("sol")(b) - atNewest("sol")(a)).slice(0, 5).forEach((z) => compared.add(z));
    $("zone-pick").addEventListener("change", () => showZone(Number($("zone-pick").value)));
    $("zone-stat").addEventListener("change", () => showZone(current));
    $("zone-scale").addEventListener("change", () => showZone(current));
    $("compare-stat").addEventListener("change", drawCompare);
    $("compare-scale").addEventListener("change", drawCompare);
    $("map-figure").addEventListener("change", zoneMap.recolour);
    $("table-filter").addEventListener("input", drawTable);
    if (N === 0) {
      $("zone-title").textContent = "The archive has no zone.";
      return;
    }
    phase("selects");
    zoneMap.draw();
    chips.addToMap(zoneMap.map());
    phase("map");
    const linked = /^#zone-(\d+)$/.exec(location.hash);
    showZone(linked ? Number(linked[1]) - 1 : 0, Boolean(linked));
    phase("zone");
    drawCompare();
    phase("compare");
    sortBy(1);
    phase("table");
    withSeries("cf", () => {}); // for the gap months' readout
  }

  start();
  // For readers and tests: the views and how long the page took to become usable.
  window.sezuReport = { showZone: showZone, zoneChart: () => zoneChart, compareChart: () => compareChart,
    map: zoneMap.map, shapes: zoneMap.shapes, data: D };
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.phases = phases.map(([name, t]) => name + " " + Math.round(t)).join(", ");
})();
