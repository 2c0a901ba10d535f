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

  // Pain by tap: nothing ticked is "not given"; Clear takes an answer back, and shows only when
  // there is one (without this file an answer can be changed, not cleared).
  function showClears(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll(".pain-scale").forEach(function (scale) {
      var clear = scale.querySelector(".pain-clear");
      if (clear) clear.hidden = !scale.querySelector("input:checked");
    });
  }
  document.addEventListener("change", function (event) {
    var scale = event.target.closest && event.target.closest(".pain-scale");
    if (scale) showClears(scale.parentNode);
  });
  document.addEventListener("click", function (event) {
    var clear = event.target.closest && event.target.closest(".pain-clear");
    if (!clear) return;
    var scale = clear.closest(".pain-scale");
    var radios = scale.querySelectorAll("input[type=radio]");
    radios.forEach(function (radio) { radio.checked = false; });
    clear.hidden = true;
    radios[0].focus();
  });
  // A form emptied after an entry was queued offline.
  document.addEventListener("reset", function (event) {
    setTimeout(function () { showClears(event.target); }, 0);
  });
  document.addEventListener("htmx:load", function (event) { showClears(event.detail.elt); });
  showClears(document);

  // After a save the form comes back with "… saved." at its top, above the button just tapped:
  // bring it into view and focus it. If the refreshed "Can I run today?" then carries an urgent
  // banner it did not have before, that is what to see instead.
  var savedAt = 0;
  var bannerBefore = "";
  function bannerText() {
    var banner = document.querySelector("#dashboard .banner[role=alert]");
    return banner ? banner.textContent : "";
  }
  // A part fetched on demand (the trends, once scrolled to) is where the runner is looking now: its
  // arrival moves nothing.
  var onDemand = typeof WeakSet === "function" ? new WeakSet() : null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("form[data-offline-kind]")) bannerBefore = bannerText();
    if (onDemand && elt && elt.matches && elt.matches("[data-on-demand]")) onDemand.add(event.detail.xhr);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (onDemand && event.detail && onDemand.has(event.detail.xhr)) return;
    var saved = document.querySelector("[data-saved]:not([data-seen])");
    if (saved) {
      saved.setAttribute("data-seen", "");
      savedAt = Date.now();
      saved.scrollIntoView({ block: "center" });
      saved.focus({ preventScroll: true });
      return;
    }
    if (Date.now() - savedAt > 5000) return;
    var shown = document.querySelector("[data-seen]");
    if (bannerText() && bannerText() !== bannerBefore) {
      savedAt = 0;
      document.querySelector("#dashboard").scrollIntoView({ block: "start" });
    } else if (shown && !inView(shown)) {
      shown.scrollIntoView({ block: "nearest" });
    }
  });
  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }

  // Prescribing: choosing an exercise fills in its usual dose, which the radio carries; the fields stay
  // editable. Without this file a dose left empty is the usual one (the server fills it in).
  var DOSE_FIELDS = ["sets", "reps", "hold_s", "times_per_week"];
  document.addEventListener("change", function (event) {
    var choice = event.target;
    if (!choice.matches || !choice.matches("input[type=radio][data-dose-sets]") || !choice.form) return;
    DOSE_FIELDS.forEach(function (name) {
      var field = choice.form.elements[name];
      if (field) field.value = choice.getAttribute("data-dose-" + name);
    });
    var status = document.getElementById("dose-status");
    var label = document.getElementById(choice.getAttribute("aria-labelledby"));
    if (status && label) status.textContent = "The usual dose of " + label.textContent + ": change it as you need.";
  });
})();
