// "Use my current location" on the report's "Where did it happen?" page. The browser is asked
// for the device's position only when the visitor presses the button; the position goes into
// the form's hidden latitude, longitude and accuracy fields. Without JavaScript or geolocation
// the button stays hidden and the address is typed. Every message is set as text.
(function () {
  "use strict";
  const box = document.querySelector("[data-module='app-locate']");
  if (!box || !("geolocation" in navigator)) return;
  const form = box.closest("form");
  const field = (name) => form.querySelector("input[name='" + name + "']");
  const status = box.querySelector(".app-locate__status");
  box.hidden = false;
  box.querySelector(".app-locate__button").addEventListener("click", function () {
    status.textContent = box.dataset.finding;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const metres = String(Math.round(position.coords.accuracy));
        field("latitude").value = position.coords.latitude.toFixed(6);
        field("longitude").value = position.coords.longitude.toFixed(6);
        field("accuracy").value = metres;
        status.textContent = box.dataset.found.replace("%(metres)s", metres);
      },
      function () {
        status.textContent = box.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
})();
