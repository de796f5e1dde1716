// sezu report, the zones' chips: each zone's radiance picture (chips/Z.png, written by sezu from
// the archive's /chips) with its outline, a colour bar and a scale in the zone's view, and all
// the chips as the map's night-lights layer under the zones. Made by report.js with what it
// shares (S); nothing from the archive goes in as markup.
window.sezuReportChips = function (S) {
  "use strict";
  const { D, N, $, el } = S;
  const C = D.chips; // null: the archive has no chips
  const SIDE = 280;  // the zone view's chip, long side in CSS pixels
  const MAX_OVERLAYS = 2000; // like the outlines: more would slow the map down
  const SVG = "http://www.w3.org/2000/svg";
  const pos = (r) => Math.log10(1 + Math.max(r, 0)); // the ramp's axis (radiance_ramp.hpp)
  const top = C ? pos(C.ramp[C.ramp.length - 1][0]) : 1;

  function colourAt(x) {
    const stops = C.ramp;
    for (let i = 1; i < stops.length; ++i) {
      const x1 = pos(stops[i][0]);
      if (x > x1) continue;
      const x0 = pos(stops[i - 1][0]), f = (x - x0) / (x1 - x0);
      return "rgb(" + [1, 2, 3].map((k) => Math.round(stops[i - 1][k] + f * (stops[i][k] - stops[i - 1][k]))).join(",") + ")";
    }
    return "rgb(" + stops[stops.length - 1].slice(1).join(",") + ")";
  }

  // The ramp from 0 to its last stop (brighter is white too), ticked at its stops.
  function colourBar(title) {
    const box = el("div", null, "chip-bar");
    box.appendChild(el("div", title, "bar-title"));
    const canvas = el("canvas");
    canvas.width = 240;
    canvas.height = 10;
    const ctx = canvas.getContext("2d");
    for (let i = 0; i < 240; ++i) {
      ctx.fillStyle = colourAt(top * i / 239);
      ctx.fillRect(i, 0, 1, 10);
    }
    box.appendChild(canvas);
    const ticks = el("div", null, "chip-ticks");
    for (const stop of C.ramp) {
      if (stop[0] === 0.5) continue; // too close to 0 to label
      const t = el("span", (stop === C.ramp[C.ramp.length - 1] ? "≥" : "") + stop[0]);
      t.style.left = (100 * pos(stop[0]) / top) + "%";
      ticks.appendChild(t);
    }
    box.appendChild(ticks);
    return box;
  }

  // A scale bar of a round length, at most a third of the picture wide.
  function scaleBar(chip, width) {
    const lat = (chip[1] + chip[3]) / 2;
    const kmPerPx = (chip[2] - chip[0]) * 111.32 * Math.cos(lat * Math.PI / 180) / width;
    const lengths = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];
    const km = lengths.filter((l) => l / kmPerPx <= width / 3).pop() || lengths[0];
    const box = el("div", null, "chip-scale");
    const bar = el("span", null, "chip-scale-bar");
    bar.style.width = Math.round(km / kmPerPx) + "px";
    box.appendChild(bar);
    box.appendChild(document.createTextNode(" " + km + " km"));
    return box;
  }

  // The zone's outline in the picture's pixels (a window across 180° has east > 180), and the
  // box it spans there.
  function outlinePath(geometry, chip, w, h) {
    const [west, south, east, north] = chip;
    const x = (lon) => ((lon < west - 1e-9 && east > 180 ? lon + 360 : lon) - west) / (east - west) * w;
    const y = (lat) => (north - lat) / (north - south) * h;
    const polygons = !geometry ? [] : geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    let d = "";
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const at = (p, i) => {
      const px = x(p[0]), py = y(p[1]);
      box[0] = Math.min(box[0], px); box[1] = Math.min(box[1], py);
      box[2] = Math.max(box[2], px); box[3] = Math.max(box[3], py);
      return (i ? "L" : "M") + px.toFixed(1) + " " + py.toFixed(1);
    };
    for (const rings of polygons)
      for (const ring of rings) d += ring.map(at).join("") + "Z";
    return { d: d, box: box };
  }

  function show(z) {
    const box = $("zone-chip");
    box.textContent = "";
    const chip = C && C.zones[z];
    document.body.dataset.zoneChip = chip ? "chips/" + z + ".png" : "";
    if (!chip) {
      box.appendChild(el("p", C ? "No radiance picture: the zone has no cell in the grid."
        : "No radiance pictures: the archive has none (made before sezu took them, or no month ok).", "hint"));
      return;
    }
    const [cols, rows] = [chip[4], chip[5]];
    const k = Math.max(1, Math.floor(SIDE / Math.max(cols, rows)));
    const w = cols * k, h = rows * k;
    const figure = el("figure", null, "chip");
    const frame = el("div", null, "chip-frame");
    frame.style.width = w + "px";
    frame.style.height = h + "px";
    const img = Object.assign(el("img"), { id: "zone-chip-img", src: "chips/" + z + ".png", width: w, height: h,
      alt: "radiance of the zone's window" });
    frame.appendChild(img);
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    const path = document.createElementNS(SVG, "path");
    const outline = outlinePath(S.geometry()[z], chip, w, h);
    path.setAttribute("d", outline.d);
    path.setAttribute("class", "chip-outline");
    svg.appendChild(path);
    const [x0, y0, x1, y1] = outline.box;
    if (isFinite(x0) && x1 - x0 < 8 && y1 - y0 < 8) { // a zone of a few pixels is ringed too
      const ring = document.createElementNS(SVG, "circle");
      ring.setAttribute("cx", ((x0 + x1) / 2).toFixed(1));
      ring.setAttribute("cy", ((y0 + y1) / 2).toFixed(1));
      ring.setAttribute("r", "9");
      ring.setAttribute("class", "chip-outline");
      svg.appendChild(ring);
    }
    frame.appendChild(svg);
    figure.appendChild(frame);
    const side = el("div", null, "chip-side");
    side.appendChild(colourBar("radiance, " + C.month + " (nW/cm²/sr)"));
    side.appendChild(scaleBar(chip, w));
    side.appendChild(el("p", "The zone (outlined in cyan) and its surroundings; " +
      (chip[6] > 1 ? "each pixel the mean of " + chip[6] + " × " + chip[6] + " cells; " : "one pixel per cell; ") +
      "transparent (checked) where no night was cloud-free.", "hint"));
    figure.appendChild(side);
    box.appendChild(figure);
  }

  // Every chip as an image on the map, in a pane under the zones: the night lights are the
  // map's own base layer (it loads no tiles), with a switch and a colour bar.
  function addToMap(map) {
    if (!C || !map) return;
    map.createPane("lights").style.zIndex = 250;
    const layer = L.layerGroup();
    let drawn = 0;
    C.zones.forEach((chip, z) => {
      if (!chip || drawn >= MAX_OVERLAYS) return;
      L.imageOverlay("chips/" + z + ".png", [[chip[1], chip[0]], [chip[3], chip[2]]],
        { pane: "lights", interactive: false, className: "chip-overlay" }).addTo(layer);
      drawn += 1;
    });
    layer.addTo(map);
    const switches = {};
    switches["night lights " + C.month] = layer; // the label is sezu's own text
    L.control.layers(null, switches, { collapsed: false, position: "topright" }).addTo(map);
    const bar = $("map-lights-bar");
    bar.textContent = "";
    bar.appendChild(colourBar("night lights, " + C.month + " (nW/cm²/sr)"));
    map.on("overlayremove", () => { bar.style.display = "none"; });
    map.on("overlayadd", () => { bar.style.display = ""; });
    document.body.dataset.chipOverlays = String(drawn);
    // A link to a zone (#zone-N) shows its night lights up close, with its neighbours.
    const linked = /^#zone-(\d+)$/.exec(location.hash), chip = linked && C.zones[Number(linked[1]) - 1];
    if (chip) map.setView([(chip[1] + chip[3]) / 2, (chip[0] + chip[2]) / 2], Math.max(map.getZoom(), 5));
    if (drawn < C.zones.filter((c) => c).length)
      $("map-note").textContent += " Night lights drawn for the first " + MAX_OVERLAYS + " zones.";
  }

  return { show: show, addToMap: addToMap };
};
