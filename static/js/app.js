// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Sign-up: preselect the browser's time zone (the server already picked the unit from its language).
  var tz = document.querySelector('select[name="time_zone"]');
  if (tz && tz.value === "UTC" && window.Intl) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && tz.querySelector('option[value="' + zone + '"]')) tz.value = zone;
  }
  var units = document.querySelectorAll('input[name="unit"]');
  if (units.length && !document.querySelector('input[name="unit"]:checked')) {
    var lang = (navigator.language || "").toLowerCase();
    var want = lang === "en-us" || lang === "en-gb" ? "mi" : "km";
    units.forEach(function (r) { r.checked = r.value === want; });
  }
  // Sign-up: the practice fields only when "Physiotherapist" is chosen. Disabled while hidden, so a
  // runner who looked at them sends nothing; without this file they show with a note instead.
  var physio = document.querySelector("[data-physio-fields]");
  var roles = document.querySelectorAll('input[name="role"]');
  if (physio && roles.length) {
    var note = physio.querySelector("[data-without-js]");
    if (note) note.hidden = true;
    var showPhysio = function () {
      var chosen = document.querySelector('input[name="role"]:checked');
      var isPhysio = !!chosen && chosen.value === "physio";
      physio.hidden = !isPhysio;
      physio.disabled = !isPhysio;
    };
    roles.forEach(function (r) { r.addEventListener("change", showPhysio); });
    showPhysio();
  }
})();
