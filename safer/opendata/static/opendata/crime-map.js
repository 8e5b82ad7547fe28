// Public crime map: the district and neighbourhood outlines, town names as labels, police.uk's
// anonymised street points sized by their count, and a legend. No tile server is needed.
// Every label and tooltip is set as text (textContent), never as HTML: names come from data.
(function () {
  "use strict";
  var element = document.getElementById("crime-map");
  if (!element || typeof L === "undefined") return;
  var data = JSON.parse(document.getElementById(element.dataset.mapSource).textContent);
  function textElement(text, className) {
    var span = document.createElement("span");
    if (className) span.className = className;
    span.textContent = text;
    return span;
  }
  function asText(text) {
    return function () { return textElement(text); };
  }
  var map = L.map(element, { preferCanvas: true, scrollWheelZoom: false });
  if (data.tile_url) {
    L.tileLayer(data.tile_url, { attribution: data.tile_attribution, maxZoom: 19 }).addTo(map);
  }
  var district = L.geoJSON(data.district.outline, {
    style: function () { return { color: "#0b0c0c", weight: 3, fillOpacity: 0 }; }
  }).bindTooltip(asText(data.district.name)).addTo(map);
  // The view first: labels and points are placed in the map's pixels.
  var bounds = district.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
  else map.setView([52.0, -1.3], 10);
  data.neighbourhoods.forEach(function (n) {
    L.geoJSON(n.outline, {
      style: function () { return { color: "#1d70b8", weight: 2, dashArray: "6 4", fillOpacity: 0.05 }; }
    }).bindTooltip(asText(n.label), { sticky: true }).addTo(map);
  });
  // Neighbourhood names at their centres, and town and village names, permanently shown (a
  // map a member of the public can read).
  data.neighbourhoods.forEach(function (n) {
    if (!n.centre) return;
    L.tooltip({ permanent: true, direction: "bottom", offset: [0, 8],
                className: "app-crime-map__label app-crime-map__label--neighbourhood" })
      .setLatLng(n.centre).setContent(textElement(n.name)).addTo(map);
  });
  data.places.forEach(function (p) {
    L.tooltip({ permanent: true, direction: "center",
                className: "app-crime-map__label app-crime-map__label--" + p.size })
      .setLatLng([p.lat, p.lng]).setContent(textElement(p.name)).addTo(map);
  });
  var max = 1;
  data.points.forEach(function (p) { if (p[2] > max) max = p[2]; });
  function radius(count) { return 3 + 12 * Math.sqrt(count / max); }
  data.points.forEach(function (p) {
    L.circleMarker([p[0], p[1]], {
      radius: radius(p[2]), color: "#d4351c", weight: 1, fillColor: "#d4351c", fillOpacity: 0.4
    }).bindTooltip(asText(p[3] + " – " + data.legend.crimes + ": " + p[2])).addTo(map);
  });
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "app-crime-map__legend");
    box.id = "crime-map-legend";
    box.appendChild(textElement(data.legend.title, "app-crime-map__legend-title"));
    [["district", ""], ["neighbourhood", " app-crime-map__swatch--neighbourhood"],
     ["point", " app-crime-map__swatch--point"]].forEach(function (row) {
      var line = document.createElement("div");
      line.className = "app-crime-map__legend-row";
      line.appendChild(textElement("", "app-crime-map__swatch" + row[1]));
      line.appendChild(textElement(data.legend[row[0]]));
      box.appendChild(line);
    });
    return box;
  };
  legend.addTo(map);
  L.control.scale({ imperial: true }).addTo(map);
})();
