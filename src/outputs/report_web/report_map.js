// sezu report, the map (Leaflet): every zone as a clickable dot coloured by a chosen figure,
// with its outline, and a colour bar. Made by report.js with what it shares (S); texts from the
// archive go in as text nodes only.
window.sezuReportMap = function (S) {
  "use strict";
  const { D, Z, N, newest, $, el, has, short, swatch, zoneLabel, atNewest, ba, parsed } = S;
  // Above this many zones the map draws their dots only: every outline too would double the
  // time the page takes to open (docs/report.md).
  const MAX_OUTLINES = 2000;
  let map = null, geometry = [];
  const shapes = new Array(N).fill(null); // the clickable dot of each zone
  const outlineLayers = [];
  // Inferno-like stops for light (dark to bright); a blue-grey-orange scale for growth.
  const LIGHT = [[0, [40, 11, 84]], [0.25, [101, 21, 110]], [0.5, [187, 55, 84]],
    [0.75, [249, 142, 9]], [1, [252, 255, 164]]];
  const GROWTH = [[0, [33, 102, 172]], [0.5, [220, 220, 220]], [1, [214, 96, 77]]];

  function colourAt(stops, t) {
    t = Math.min(1, Math.max(0, t));
    for (let i = 1; i < stops.length; ++i) {
      if (t > stops[i][0]) continue;
      const [t0, c0] = stops[i - 1], [t1, c1] = stops[i];
      const f = (t - t0) / (t1 - t0 || 1);
      return "rgb(" + c0.map((c, k) => Math.round(c + f * (c1[k] - c))).join(",") + ")";
    }
    return "rgb(" + stops[stops.length - 1][1].join(",") + ")";
  }

  // The figure per zone, its scale (log10 of the value, or log2 of the ratio) and the colour bar.
  function mapScale(figure) {
    if (figure === "growth") {
      const v = Z.id.map((id, z) => { const r = ba(z, 4); return has(r) && r > 0 ? Math.log2(r) : null; });
      const span = Math.max(1, ...v.filter(has).map(Math.abs));
      return { values: v, lo: -span, hi: span, stops: GROWTH, unit: "mean after / mean before the " + D.eventField,
        tick: (x) => short(Math.pow(2, x)) + "×" };
    }
    const v = Z.id.map((id, z) => { const s = atNewest("sol")(z); return has(s) && s > 0 ? Math.log10(s) : null; });
    const f = v.filter(has);
    const lo = f.length ? Math.min(...f) : 0, hi = f.length ? Math.max(...f) : 1;
    return { values: v, lo: lo, hi: hi > lo ? hi : lo + 1, stops: LIGHT,
      unit: "sum of lights" + (newest === null ? "" : ", " + D.months[newest]) + " (nW/cm²/sr over the zone, log scale)",
      tick: (x) => short(Math.pow(10, x)) };
  }

  function colourBar(scale) {
    const bar = $("map-bar");
    bar.textContent = "";
    bar.appendChild(el("div", scale.unit, "bar-title"));
    const canvas = el("canvas");
    canvas.width = 240;
    canvas.height = 12;
    const ctx = canvas.getContext("2d");
    for (let i = 0; i < 240; ++i) {
      ctx.fillStyle = colourAt(scale.stops, i / 239);
      ctx.fillRect(i, 0, 1, 12);
    }
    bar.appendChild(canvas);
    const ticks = el("div", null, "bar-ticks");
    for (const f of [0, 0.5, 1]) ticks.appendChild(el("span", scale.tick(scale.lo + f * (scale.hi - scale.lo))));
    bar.appendChild(ticks);
    const none = el("div", null, "bar-none");
    none.appendChild(swatch("band", "#555"));
    none.appendChild(document.createTextNode("no figure"));
    bar.appendChild(none);
  }

  function fillOf(scale, z) {
    const v = scale.values[z];
    return has(v) ? { fillColor: colourAt(scale.stops, (v - scale.lo) / (scale.hi - scale.lo)), fillOpacity: 0.85 }
      : { fillColor: "#555", fillOpacity: 0.35 };
  }

  function colourMap() {
    const scale = mapScale($("map-figure").value);
    shapes.forEach((shape, z) => { if (shape) shape.setStyle(fillOf(scale, z)); });
    outlineLayers.forEach(([layer, z]) => layer.setStyle(fillOf(scale, z)));
    colourBar(scale);
  }

  let highlighted = -1;
  function highlightOnMap(z) {
    if (shapes[highlighted]) shapes[highlighted].setStyle({ color: "#cfcfcf", weight: 1 });
    highlighted = z;
    if (!shapes[z]) return;
    shapes[z].setStyle({ color: "#00e5ff", weight: 3 });
    if (shapes[z].bringToFront) shapes[z].bringToFront();
  }

  function tooltip(z) {
    const box = el("div");
    box.appendChild(el("b")).appendChild(zoneLabel(z));
    const s = atNewest("sol")(z);
    box.appendChild(el("div", "sum of lights " + short(s) + (newest === null ? "" : " (" + D.months[newest] + ")")));
    const r = ba(z, 4);
    if (has(r)) box.appendChild(el("div", "after/before " + D.eventField + ": " + short(r) + "×"));
    return box;
  }

  // Each shape is made with its colour (no second pass over 5,000 shapes) and the view fitted
  // to bounds summed from the data, not from a group of every layer.
  function drawMap() {
    map = L.map("zone-map", { preferCanvas: N > 1000, attributionControl: false, zoomSnap: 0.25,
      worldCopyJump: false });
    geometry = parsed("sezu-geometry");
    const scale = mapScale($("map-figure").value);
    const bounds = L.latLngBounds([]);
    const latlngs = (ring) => ring.map((p) => { bounds.extend([p[1], p[0]]); return [p[1], p[0]]; });
    // Each zone is a dot of a fixed size at its point (zones a few km wide are invisible on a
    // map of several countries), coloured by the figure and clickable; its outline, filled
    // the same, shows once zoomed in.
    let outlines = 0, points = 0;
    for (let z = 0; z < N; ++z) {
      const g = geometry[z];
      const fill = fillOf(scale, z);
      let outline = null;
      if (g && g.type === "Polygon") outline = g.coordinates.map(latlngs);
      else if (g && g.type === "MultiPolygon") outline = g.coordinates.map((p) => p.map(latlngs));
      if (outline && N <= MAX_OUTLINES) {
        outlineLayers.push([L.polygon(outline, Object.assign({ color: "#cfcfcf", weight: 1, interactive: false }, fill)).addTo(map), z]);
        outlines += 1;
      }
      const at = Z.point[z] || (outline ? L.polygon(outline).getBounds().getCenter() : null);
      if (!at) continue;
      if (!outline) points += 1;
      bounds.extend(at);
      const dot = L.circleMarker(at, Object.assign({ radius: 6, color: "#cfcfcf", weight: 1 }, fill));
      dot.on("click", () => S.showZone(z));
      dot.bindTooltip(() => tooltip(z), { sticky: true });
      dot.addTo(map);
      shapes[z] = dot;
    }
    const drawn = shapes.filter((x) => x).length;
    if (drawn) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
    else map.setView([0, 0], 1);
    document.body.dataset.shapes = String(drawn);
    $("map-note").textContent = drawn + " zones, each a dot (click it for its series); " +
      (N <= MAX_OUTLINES ? outlines + " with their outline (zoom in)" : "outlines not drawn for more than " + MAX_OUTLINES + " zones") + (points ? ", " + points + " as a point only (no outline in the archive)" : "") +
      (N - drawn ? ", " + (N - drawn) + " not drawn (no outline or point in the archive)" : "") +
      ". Night lights of the zones only: the map loads no tiles.";
    colourBar(scale);
  }

  return { draw: drawMap, recolour: colourMap, highlight: highlightOnMap, map: () => map, shapes: shapes,
    geometry: () => geometry };
};
