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
})();
