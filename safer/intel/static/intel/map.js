// Intelligence hub maps: LSOA outlines (shaded by rate when known), street points and grid cells.
// Works with no tile server: a plain background and the outlines. Tiles only when configured.
(function () {
  "use strict";
  var element = document.getElementById("intel-map");
  if (!element || typeof L === "undefined") return;
  var data = JSON.parse(document.getElementById(element.dataset.mapSource).textContent);
  var map = L.map(element, { preferCanvas: true, scrollWheelZoom: false });
  var overlays = {};
  // Leaflet renders a string given to a tooltip as HTML, and names in the data (custom areas,
  // police.uk locations) are anyone's text: tooltips get an element holding the text instead.
  function asText(text) {
    return function () {
      var span = document.createElement("span");
      span.textContent = text;
      return span;
    };
  }
  // The layers control sets its labels with innerHTML and takes only strings: escape them.
  function escaped(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
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
  var features = data.outlines.features || [];
  var rateCuts = breaks(features.map(function (f) { return f.properties.rate; }));
  var outlines = L.geoJSON(data.outlines, {
    style: function (f) {
      var shaded = f.properties.rate !== undefined;
      return { color: "#505a5f", weight: 1, fillOpacity: shaded ? 0.7 : 0,
               fillColor: shaded ? shade(f.properties.rate, rateCuts) : "#ffffff" };
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      var text = p.name + " (" + p.code + ")";
      if (p.count !== undefined) text += ": " + p.count + " crimes" + (p.rate !== null ? ", " + p.rate + " per 1,000" : "");
      layer.bindTooltip(asText(text));
    }
  }).addTo(map);
  overlays["Area outlines"] = outlines;
  if (data.cells.length) {
    var cellCuts = breaks(data.cells.map(function (c) { return c[1]; }));
    var cells = L.layerGroup(data.cells.map(function (c) {
      return L.polygon(c[0], { stroke: false, fillOpacity: 0.75, fillColor: shade(c[1], cellCuts) })
        .bindTooltip(asText(data.cell_label + ": " + c[1]));
    })).addTo(map);
    overlays[escaped("Grid cells (" + data.cell_label + ")")] = cells;
  }
  if (data.points.length) {
    var points = L.layerGroup(data.points.map(function (p) {
      return L.circleMarker([p[0], p[1]], { radius: 2 + Math.sqrt(p[2]), color: "#d4351c", weight: 1, fillOpacity: 0.5 })
        .bindTooltip(asText(p[3] + ": " + p[2]));
    }));
    points.addTo(map);
    overlays["Street points"] = points;
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = outlines.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
  else if (data.points.length) map.fitBounds(data.points.map(function (p) { return [p[0], p[1]]; }));
  else map.setView([52.0, -1.3], 10);
})();
