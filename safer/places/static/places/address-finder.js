// The address finder on the report form: choosing an address fills the address, postcode, UPRN
// and the hidden coordinates; "My address is not listed" opens the typed address and a map where
// a click (or the centre button) drops a pin. Text reaches the page as text, never as HTML.
(function () {
  "use strict";
  var finder = document.getElementById("address-finder");
  if (!finder) return;
  var GB = [[49.8, -8.7], [60.9, 1.9]];
  var byId = function (id) { return document.getElementById(id); };
  var lookup = finder.querySelector("[name$='lookup_postcode']");
  var findButton = byId("find-address");
  var manual = byId("address-manual");
  var addressInput = finder.querySelector("input[name$='address']");
  var postcodeInput = finder.querySelector("input[name$='postcode']:not([name$='lookup_postcode'])");
  var uprnInput = finder.querySelector("input[name$='uprn']");
  var mapElement = byId("address-map");
  var latInput = byId(mapElement.dataset.latitude);
  var lonInput = byId(mapElement.dataset.longitude);
  var context = JSON.parse(byId("address-map-context").textContent);
  var status = byId("address-pin-status");
  var map = null, pin = null, reference = null;

  function choice() { return byId("id_address_choice") || finder.querySelector("select[name$='address_choice']"); }
  function asText(text) {
    return function () { var span = document.createElement("span"); span.textContent = text; return span; };
  }
  function hasPin() { return latInput.value !== "" && lonInput.value !== ""; }
  function describe() {
    status.textContent = hasPin()
      ? "Pin dropped at latitude " + Number(latInput.value).toFixed(5) + ", longitude " + Number(lonInput.value).toFixed(5) + "."
      : "No pin dropped yet.";
    byId("address-pin-remove").hidden = !hasPin();
  }
  function showPin(zoom) {
    if (!map) return;
    if (pin) { map.removeLayer(pin); pin = null; }
    if (hasPin()) {
      var at = [Number(latInput.value), Number(lonInput.value)];
      pin = L.circleMarker(at, { radius: 9, color: "#d4351c", weight: 3, fillOpacity: 0.6 }).addTo(map)
        .bindTooltip(asText("The pin"));
      if (zoom) map.setView(at, 17);
    }
    describe();
  }
  function setPin(latlng) {
    latInput.value = latlng.lat.toFixed(6);
    lonInput.value = latlng.lng.toFixed(6);
    var select = choice();
    if (select && select.value) { select.value = ""; }
    uprnInput.value = "";
    showPin(false);
  }
  function points() {
    var found = [];
    var select = choice();
    if (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.dataset.latitude) found.push([Number(option.dataset.latitude), Number(option.dataset.longitude), option.dataset.address]);
      });
    }
    var nearby = byId("address-nearby");
    if (nearby) found = found.concat(JSON.parse(nearby.textContent));
    return found;
  }
  function drawReference() {
    if (!map) return;
    if (reference) map.removeLayer(reference);
    var found = points();
    reference = L.layerGroup(found.map(function (p) {
      return L.circleMarker([p[0], p[1]], { radius: 4, color: "#505a5f", weight: 1, fillOpacity: 0.5 })
        .bindTooltip(asText(p[2]));
    })).addTo(map);
    if (hasPin()) map.setView([Number(latInput.value), Number(lonInput.value)], 17);
    else if (found.length) map.fitBounds(found.map(function (p) { return [p[0], p[1]]; }), { maxZoom: 17 });
    else if (context.centre) map.setView(context.centre, 14);
    else map.fitBounds(GB);
  }
  function openMap() {
    byId("address-map-panel").hidden = false;
    if (typeof L === "undefined") return;
    if (!map) {
      map = L.map(mapElement, { scrollWheelZoom: false, maxBounds: GB, minZoom: 5 });
      if (context.tile_url) {
        L.tileLayer(context.tile_url, { attribution: context.tile_attribution, maxZoom: 19 }).addTo(map);
      }
      L.control.scale({ imperial: false }).addTo(map);
      map.on("click", function (event) { setPin(event.latlng); });
      drawReference();
      showPin(false);
    } else {
      map.invalidateSize();
    }
  }
  function chosen(select) {
    var option = select.options[select.selectedIndex];
    if (option && option.value) {
      addressInput.value = option.dataset.address;
      postcodeInput.value = option.dataset.postcode;
      uprnInput.value = option.value;
      latInput.value = option.dataset.latitude;
      lonInput.value = option.dataset.longitude;
      manual.open = false;
    } else {
      uprnInput.value = "";
      latInput.value = "";
      lonInput.value = "";
      addressInput.value = "";
      manual.open = true;
    }
    showPin(Boolean(option && option.value));
  }

  // Enter in the postcode finds the address rather than saving the whole form.
  lookup.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); findButton.click(); }
  });
  finder.addEventListener("change", function (event) {
    if (event.target === choice()) chosen(event.target);
  });
  // Typing an address of one's own means no address from the list.
  addressInput.addEventListener("input", function () {
    var select = choice();
    if (select && select.value) { select.value = ""; uprnInput.value = ""; latInput.value = ""; lonInput.value = ""; showPin(false); }
  });
  manual.addEventListener("toggle", function () { if (manual.open) openMap(); });
  byId("address-pin-centre").addEventListener("click", function () { if (map) setPin(map.getCenter()); });
  byId("address-pin-remove").addEventListener("click", function () {
    latInput.value = ""; lonInput.value = ""; showPin(false);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "address-results") return;
    var message = byId("address-results-message");
    var select = choice();
    if (message && message.dataset.notFound) {
      if (!postcodeInput.value) postcodeInput.value = message.dataset.notFound;
      manual.open = true;
      drawReference();
      addressInput.focus();
    } else if (select) {
      drawReference();
      select.focus();
    } else {
      lookup.focus();
    }
  });
  if (manual.open) openMap();
  describe();
})();
