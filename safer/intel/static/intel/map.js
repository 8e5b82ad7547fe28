// Intelligence hub maps: outlines (shaded when they carry a value), street points, grid cells,
// Gi* hot spots, town and village names and a legend. Works with no tile server: a plain
// background. Tiles only when configured.
//
// Every text shown comes from data anyone can write (area names, police.uk locations), so it is
// only ever set with textContent or handed to Leaflet as an element, never as an HTML string.
(function () {
  "use strict";
  var element = document.getElementById("intel-map");
  if (!element || typeof L === "undefined") return;
  var data = JSON.parse(document.getElementById(element.dataset.mapSource).textContent);
  var map = L.map(element, { preferCanvas: true, scrollWheelZoom: false });
  var overlays = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // Leaflet renders a string given to a tooltip or popup as HTML: give it an element instead.
  function asText(text) {
    return function () { return el("span", "", text); };
  }
  function asLines(lines) {
    return function () {
      var box = el("div", "app-intel-map__popup");
      lines.forEach(function (line, k) { box.appendChild(el(k ? "div" : "strong", "", line)); });
      return box;
    };
  }
  // The layers control sets its labels with innerHTML and takes only strings: escape them.
  function escaped(text) {
    return el("span", "", text).innerHTML;
  }
  function figure(value) {
    if (value === null || value === undefined) return "–";
    var size = Math.abs(value);
    if (size >= 10) return Math.round(value).toLocaleString("en-GB");
    if (size >= 1 || value === 0) return (Math.round(value * 10) / 10).toLocaleString("en-GB");
    return Number(value.toPrecision(2)).toLocaleString("en-GB", { maximumSignificantDigits: 2 });
  }

  if (data.tile_url) {
    L.tileLayer(data.tile_url, { attribution: data.tile_attribution, maxZoom: 19 }).addTo(map);
  }
  var palette = ["#f3f2f1", "#c5d9ed", "#80aed9", "#3d7dbf", "#12436d"];
  function breaks(values) {
    var sorted = values.filter(function (v) { return v !== null && v !== undefined; })
      .sort(function (a, b) { return a - b; });
    if (!sorted.length) return [];
    return [0.2, 0.4, 0.6, 0.8].map(function (q) { return sorted[Math.floor(q * (sorted.length - 1))]; });
  }
  function shade(value, cuts) {
    if (value === null || value === undefined) return "#ffffff";
    var k = 0;
    while (k < cuts.length && value > cuts[k]) k++;
    return palette[k];
  }
  var legend = [];  // sections: {title, rows: [{swatch: css class or colour, text}]}
  function scaleRows(cuts, hasMissing, missingText) {
    var rows = [];
    var bounds = [null].concat(cuts).concat([null]);
    for (var k = 0; k < palette.length; k++) {
      var lo = bounds[k], hi = bounds[k + 1];
      if (lo !== null && hi !== null && lo === hi) continue;  // an empty class
      var text = lo === null ? "up to " + figure(hi) : hi === null ? "over " + figure(lo) : figure(lo) + " to " + figure(hi);
      rows.push({ colour: palette[k], text: text });
    }
    if (hasMissing) rows.push({ colour: "#ffffff", text: missingText });
    return rows;
  }

  var features = data.outlines.features || [];
  var shaded = features.some(function (f) { return f.properties.value !== undefined; });
  var outlineCuts = breaks(features.map(function (f) { return f.properties.value; }));
  var outlines = L.geoJSON(data.outlines, {
    style: function (f) {
      return { color: "#505a5f", weight: 1, fillOpacity: shaded ? 0.7 : 0,
               fillColor: shaded ? shade(f.properties.value, outlineCuts) : "#ffffff" };
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      var text = p.text || (p.name + " (" + p.code + ")");
      layer.bindTooltip(asText(text));
      if (p.text) layer.bindPopup(asLines([p.name, text]));
    }
  }).addTo(map);
  overlays["Area outlines"] = outlines;
  if (shaded) {
    legend.push({ title: data.outline_title, rows: scaleRows(outlineCuts,
      features.some(function (f) { return f.properties.value === null; }), "not known") });
  } else if (features.length) {
    legend.push({ title: "", rows: [{ outline: true, text: "area outline" }] });
  }

  if (data.cells.length) {
    var cellCuts = breaks(data.cells.map(function (c) { return c[1]; }));
    var cells = L.layerGroup(data.cells.map(function (c) {
      var lines = c[2] || [data.cell_label + ": " + c[1]];
      return L.polygon(c[0], { stroke: false, fillOpacity: 0.75, fillColor: shade(c[1], cellCuts) })
        .bindTooltip(asText(lines[0] + ": " + data.cell_label + " " + figure(c[1])))
        .bindPopup(asLines(lines));
    })).addTo(map);
    overlays[escaped("Grid cells (" + data.cell_label + ")")] = cells;
    var cellTitle = data.cell_label.charAt(0).toUpperCase() + data.cell_label.slice(1);
    legend.push({ title: cellTitle + " (shaded cells)", rows: scaleRows(cellCuts, false, "") });
  }
  if (data.hot_cells && data.hot_cells.length) {
    var hot = L.layerGroup(data.hot_cells.map(function (c) {
      return L.polygon(c[0], { color: "#d4351c", weight: 2, fill: true, fillOpacity: 0 })
        .bindTooltip(asText(c[1][0] + ": significant hot spot"))
        .bindPopup(asLines(c[1]));
    })).addTo(map);
    overlays["Significant hot spots (Gi*)"] = hot;
    legend.push({ title: "", rows: [{ hot: true, text: "significant hot spot (Gi*)" }] });
  }
  if (data.points.length) {
    var points = L.layerGroup(data.points.map(function (p) {
      return L.circleMarker([p[0], p[1]], { radius: 2 + Math.sqrt(p[2]), color: "#d4351c", weight: 1, fillOpacity: 0.5 })
        .bindTooltip(asText(p[3] + ": " + p[2]));
    }));
    points.addTo(map);
    overlays["Street points"] = points;
    legend.push({ title: "", rows: [{ point: true, text: "street point, sized by crimes" }] });
  }
  if (data.labels && data.labels.length) {
    var names = L.layerGroup(data.labels.map(function (p) {
      var label = el("span", "app-intel-map__place-name", p[2]);
      return L.marker([p[0], p[1]], {
        icon: L.divIcon({ html: label, className: "app-intel-map__place app-intel-map__place--" + p[3], iconSize: null }),
        interactive: false, keyboard: false
      });
    })).addTo(map);
    overlays["Towns and villages"] = names;
    legend.push({ title: "", rows: [{ place: true, text: "town or village" }] });
  }

  var legendControl = L.control({ position: "bottomright" });
  legendControl.onAdd = function () {
    var box = el("div", "app-intel-map__legend");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Legend");
    box.appendChild(el("strong", "app-intel-map__legend-heading", "Legend"));
    legend.forEach(function (section) {
      if (section.title) box.appendChild(el("div", "app-intel-map__legend-title", section.title));
      section.rows.forEach(function (row) {
        var line = el("div", "app-intel-map__legend-row");
        var key = el("span", "app-intel-map__key");
        if (row.colour) key.style.backgroundColor = row.colour;
        if (row.outline) key.className += " app-intel-map__key--outline";
        if (row.hot) key.className += " app-intel-map__key--hot";
        if (row.point) key.className += " app-intel-map__key--point";
        if (row.place) { key.className += " app-intel-map__key--place"; key.textContent = "Aa"; }
        line.appendChild(key);
        line.appendChild(el("span", "", row.text));
        box.appendChild(line);
      });
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legendControl.addTo(map);
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = outlines.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
  else if (data.points.length) map.fitBounds(data.points.map(function (p) { return [p[0], p[1]]; }));
  else map.setView([52.0, -1.3], 10);
})();
