// A neighbourhood's boundary on a map, with its centre. No tile server is needed: the outline is
// drawn on a plain background, with tiles only when the site configures them.
(function () {
  "use strict";
  var element = document.getElementById("neighbourhood-map");
  if (!element || typeof L === "undefined") return;
  var data = JSON.parse(document.getElementById(element.dataset.mapSource).textContent);
  // Names are staff-typed text: a tooltip gets an element holding the text, never HTML.
  function asText(text) {
    return function () {
      var span = document.createElement("span");
      span.textContent = text;
      return span;
    };
  }
  var map = L.map(element, { scrollWheelZoom: false });
  if (data.tile_url) {
    L.tileLayer(data.tile_url, { attribution: data.tile_attribution, maxZoom: 19 }).addTo(map);
  }
  var outline = L.geoJSON(data.boundary, {
    style: function () { return { color: "#1d70b8", weight: 2, fillOpacity: 0.1 }; }
  }).bindTooltip(asText(data.name));
  // The view first: Leaflet's renderers need one before a shape is added.
  var bounds = outline.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
  else if (data.centre) map.setView(data.centre, 13);
  else map.setView([52.0, -1.3], 10);
  outline.addTo(map);
  if (data.centre) {
    L.circleMarker(data.centre, { radius: 5, color: "#0b0c0c", weight: 2, fillOpacity: 1 })
      .bindTooltip(asText("Centre of " + data.name)).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
})();
