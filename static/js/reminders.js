// Reminders page: saving with "Notification on this app" subscribes this device to Web Push
// first. Without JavaScript, or where push is unavailable, the form still saves (email fallback).
(function () {
  "use strict";
  var form = document.getElementById("reminders-form");
  if (!form) return;
  var status = document.getElementById("push-status");

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function wantsPush() {
    var on = form.querySelector('input[name="reminders_on"]');
    var channel = form.querySelector('input[name="reminder_channel"]:checked');
    return on && on.checked && channel && channel.value === "push";
  }

  async function subscribe() {
    if (!form.dataset.vapidKey || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      throw new Error("This browser cannot show notifications from Footnote; you will get an email instead.");
    }
    var permission = await Notification.requestPermission();
    if (permission !== "granted") {
      throw new Error("Notifications are blocked for Footnote on this device; you will get an email instead.");
    }
    var registration = await navigator.serviceWorker.ready;
    var subscription =
      (await registration.pushManager.getSubscription()) ||
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(form.dataset.vapidKey),
      }));
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    var response = await fetch(form.dataset.pushUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      credentials: "same-origin",
      body: JSON.stringify(subscription.toJSON ? subscription.toJSON() : subscription),
    });
    if (!response.ok) throw new Error("This device could not be set up; you will get an email instead.");
  }

  form.addEventListener("submit", function (event) {
    if (!wantsPush() || form.dataset.subscribed === "done") return;
    event.preventDefault();
    status.textContent = "Setting up notifications on this device…";
    subscribe()
      .then(function () { status.textContent = "Notifications are set up on this device."; })
      .catch(function (error) { status.textContent = error.message; })
      .finally(function () {
        form.dataset.subscribed = "done";
        form.requestSubmit ? form.requestSubmit() : form.submit();
      });
  });
})();
