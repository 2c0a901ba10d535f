/* Offline-first logging: the service worker, the queue's UI, syncing, install and logout. */
(function () {
  "use strict";
  var Q = window.FootnoteQueue;
  var body = document.body;
  var signedIn = body.dataset.signedIn === "true";
  var MI_M = 1609.344;

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Service worker, and "a new version is ready".
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
      function offerUpdate(worker) {
        var note = document.getElementById("update-ready");
        if (!note || !navigator.serviceWorker.controller) return;
        note.hidden = false;
        note.querySelector("button").onclick = function () { worker.postMessage({ type: "SKIP_WAITING" }); };
      }
      if (registration.waiting) offerUpdate(registration.waiting);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed") offerUpdate(worker);
        });
      });
    });
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      var note = document.getElementById("update-ready");
      if (note && !note.hidden && !reloading) { reloading = true; window.location.reload(); }
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "SYNC") syncNow();
    });
  }

  // Install prompt, where the browser offers one.
  var deferredPrompt = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferredPrompt = event;
    var button = document.getElementById("install-app");
    if (!button) return;
    button.hidden = false;
    button.onclick = function () {
      deferredPrompt.prompt();
      deferredPrompt.userChoice.finally(function () { button.hidden = true; deferredPrompt = null; });
    };
  });

  // Offline, the service worker answers an htmx request with 503 "Offline" rather than a stored
  // whole page; a link then opens as a full page, which it can serve from its cache.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var link = event.detail.elt;
    if (xhr.status !== 503 || xhr.statusText !== "Offline" || !link || link.tagName !== "A" || !link.href) return;
    window.location.href = link.href;
  });

  if (!signedIn || !Q) return;
  Q.setToken(csrfToken());

  // Turning a form into the API's JSON.
  function values(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name && (!/checkbox|radio/.test(el.type) || el.checked);
    }).map(function (el) { return el.value; });
  }
  function one(form, name) { var v = values(form, name); return v.length ? v[0] : ""; }
  function int(text) { return text === "" ? null : parseInt(text, 10); }
  function ticked(form, name) { return values(form, name).length > 0; }
  function yesNo(text) { return text === "true" ? true : text === "false" ? false : null; }
  function seconds(text) {
    var parts = text.trim().split(":").map(Number);
    if (!text.trim() || parts.some(isNaN)) return null;
    if (parts.length === 1) return parts[0] * 60;
    if (parts.length === 2) return parts[0] * 60 + parts[1];
    return parts[0] * 3600 + parts[1] * 60 + parts[2];
  }

  var BUILDERS = {
    checkin: function (form) {
      return {
        date: one(form, "date"), side: one(form, "side"), pain_now: int(one(form, "pain_now")),
        pain_waking: int(one(form, "pain_waking")), locations: values(form, "locations"),
        pain_kinds: values(form, "pain_kinds"), swelling: one(form, "swelling") || "none",
        bruising: ticked(form, "bruising"), can_walk_four_steps: !ticked(form, "cannot_walk"),
        pain_daily_activities: ticked(form, "pain_daily_activities"),
        pain_at_rest_or_night: ticked(form, "pain_at_rest_or_night"),
        pain_with_impact: ticked(form, "pain_with_impact"), bone_tenderness: values(form, "bone_tenderness"),
        calf_swollen_warm: ticked(form, "calf_swollen_warm"), area_red_warm: ticked(form, "area_red_warm"),
        fever: ticked(form, "fever"), heel_raises_ok: yesNo(one(form, "heel_raises_ok")),
        hop_ok: yesNo(one(form, "hop_ok")), notes: one(form, "notes"),
      };
    },
    run: function (form) {
      var distance = parseFloat(one(form, "distance"));
      var metres = isNaN(distance) ? null : Math.round(distance * (form.dataset.unit === "mi" ? MI_M : 1000));
      var duration = seconds(one(form, "duration"));
      if (duration === null) {
        var pace = seconds(one(form, "pace"));
        duration = pace === null || isNaN(distance) ? null : Math.round(pace * distance);
      }
      var payload = {
        date: one(form, "date"), distance_m: metres, duration_s: duration, shoe: one(form, "shoe") || null,
        surface: one(form, "surface") || "road", hilly: ticked(form, "hilly"), effort: int(one(form, "effort")),
        pain_during: int(one(form, "pain_during")) || 0, notes: one(form, "notes"),
      };
      if (ticked(form, "in_return_plan") && form.dataset.returnPlan) payload.return_plan = form.dataset.returnPlan;
      return payload;
    },
    exercise: function (form) {
      var select = form.elements.exercise;
      var option = select && select.selectedOptions[0];
      return {
        date: one(form, "date"), exercise: option ? option.dataset.slug || option.value : "",
        sets_done: int(one(form, "sets_done")) || 1, reps_done: int(one(form, "reps_done")),
        pain_during: int(one(form, "pain_during")) || 0, notes: one(form, "notes"),
      };
    },
  };

  function summary(kind, payload, form) {
    if (kind === "run") return "Run: " + one(form, "distance") + " " + (form.dataset.unit || "km") + " on " + payload.date;
    if (kind === "checkin") return "Check-in: pain " + payload.pain_now + "/10 on " + payload.date;
    var select = form.elements.exercise;
    return "Exercise: " + (select && select.selectedOptions[0] ? select.selectedOptions[0].text : "") + " on " + payload.date;
  }

  function fields(form) {
    var saved = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if (/checkbox|radio/.test(el.type)) { if (el.checked) (saved[el.name] = saved[el.name] || []).push(el.value); }
      else saved[el.name] = [el.value];
    });
    return saved;
  }

  function freshId(form) {
    var input = form.elements.entry_id;
    if (input) input.value = uuid();
  }

  // Only new entries can wait in the queue, which sends creates. A changed entry queued under a
  // fresh id would arrive as a second copy of it.
  function editsAnEntry(form) {
    return /\/edit\/?$/.test(new URL(form.getAttribute("action") || "", window.location.href).pathname);
  }

  function cannotWait(form) {
    var note = form.querySelector(".queued-note") || document.createElement("p");
    note.className = "msg queued-note";
    note.setAttribute("role", "status");
    note.textContent = "You're offline. Changes to a saved entry can be made once you're back online.";
    form.insertBefore(note, form.querySelector("button[type=submit]"));
  }

  function queueForm(form) {
    var kind = form.dataset.offlineKind;
    var id = (form.elements.entry_id && form.elements.entry_id.value) || uuid();
    var payload = BUILDERS[kind](form);
    payload.id = id;
    return Q.add({ id: id, kind: kind, payload: payload, summary: summary(kind, payload, form), fields: fields(form) })
      .then(function () {
        form.reset();
        freshId(form);
        var note = form.querySelector(".queued-note") || document.createElement("p");
        note.className = "msg queued-note";
        note.setAttribute("role", "status");
        note.textContent = "Saved on this device. It will be sent when you are back online.";
        form.insertBefore(note, form.querySelector("button[type=submit]"));
        return render();
      });
  }

  // Offline: forms that can wait go to the queue instead of the network.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.offlineKind || navigator.onLine) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (editsAnEntry(form)) cannotWait(form);
    else queueForm(form);
  }, true);

  // Online as far as the browser knows, but the request never arrived.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-offline-kind]");
    if (form && editsAnEntry(form)) cannotWait(form);
    else if (form) queueForm(form);
  });

  // A fixed entry, sent through the form as usual, leaves the queue once the server has it.
  // The form swaps itself out (outerHTML), so htmx:afterRequest reaches its parent, not the form:
  // remember which entry each request carried instead of reading it from the event's element.
  var carried = typeof WeakMap === "function" ? new WeakMap() : null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!carried || !form || !form.dataset || !form.dataset.offlineKind || !form.elements.entry_id) return;
    if (form.elements.entry_id.value) carried.set(event.detail.xhr, form.elements.entry_id.value);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var id = carried && carried.get(event.detail.xhr);
    if (!id || !event.detail.successful) return;
    // Saved: the view says so with HX-Trigger; a refused form comes back with its errors and no trigger.
    if (!/journal-changed/.test(event.detail.xhr.getResponseHeader("HX-Trigger") || "")) return;
    Q.get(id).then(function (item) { if (item) return Q.remove(id).then(render); });
  });

  // The pending count in the header and the "waiting to sync" list.
  function render() {
    return Q.all().then(function (items) {
      var badge = document.getElementById("pending-count");
      if (badge) {
        badge.hidden = items.length === 0;
        badge.querySelector("[data-count]").textContent = String(items.length);
      }
      var list = document.getElementById("pending-list");
      if (!list) return;
      list.hidden = items.length === 0;
      var ul = list.querySelector("ul");
      ul.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "pending-item pending-" + item.status;
        var label = document.createElement("span");
        label.textContent = item.summary + (item.status === "rejected" ? " (not accepted)" : " (waiting to sync)");
        li.appendChild(label);
        if (item.status === "rejected") {
          var errors = document.createElement("ul");
          errors.className = "error";
          Object.keys(item.errors || {}).forEach(function (field) {
            [].concat(item.errors[field]).forEach(function (message) {
              var e = document.createElement("li");
              e.textContent = (field === "non_field_errors" ? "" : field.replace(/_/g, " ") + ": ") + message;
              errors.appendChild(e);
            });
          });
          li.appendChild(errors);
          var fix = document.createElement("a");
          fix.href = "/log/?what=" + item.kind + "&fix=" + item.id;
          fix.textContent = "Fix it";
          li.appendChild(fix);
        }
        ul.appendChild(li);
      });
    });
  }

  // Fixing a refused entry: fill the form with what was typed, under the same id.
  function fillFix() {
    var params = new URLSearchParams(window.location.search);
    var id = params.get("fix");
    if (!id) return;
    Q.get(id).then(function (item) {
      var form = item && document.querySelector('form[data-offline-kind="' + item.kind + '"]');
      if (!form) return;
      Object.keys(item.fields).forEach(function (name) {
        var wanted = item.fields[name];
        Array.prototype.forEach.call(form.elements, function (el) {
          if (el.name !== name) return;
          if (/checkbox|radio/.test(el.type)) el.checked = wanted.indexOf(el.value) >= 0;
          else el.value = wanted[0];
        });
      });
      form.elements.entry_id.value = item.id;
      // It stays "rejected" while being fixed: marked pending, the sync that starts with this page
      // would send the refused copy again and could put it back after the fixed one was saved.
      // Saved offline, the fix replaces it under the same id as a pending entry (queueForm).
    });
  }

  var syncing = null;
  function syncNow() {
    if (!navigator.onLine) return Promise.resolve();
    if (syncing) return syncing;
    // Two tabs open at once: the lock lets only one of them send at a time.
    var work = function () { return Q.sync(); };
    var attempt = navigator.locks ? navigator.locks.request("footnote-sync", work) : work();
    syncing = Promise.resolve(attempt).then(function (outcome) {
      syncing = null;
      return render().then(function () {
        if (outcome && outcome.sent) document.body.dispatchEvent(new CustomEvent("journal-changed", { bubbles: true }));
        return outcome;
      });
    }, function () { syncing = null; });
    return syncing;
  }
  window.footnoteSync = syncNow;

  window.addEventListener("online", syncNow);
  document.addEventListener("DOMContentLoaded", function () {
    // This page may be the service worker's stored copy, even when the browser says it is online
    // (the server unreachable): its forms' entry ids may be used already, so every page load gets
    // new ones. A server-rendered id is only ever fresh, so replacing it costs nothing.
    document.querySelectorAll("form[data-offline-kind]").forEach(function (form) {
      if (!editsAnEntry(form)) freshId(form);
    });
    fillFix();
    render().then(syncNow);
    if (navigator.serviceWorker && "SyncManager" in window) {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.sync.register("footnote-sync");
      }).catch(function () {});
    }
  });
  // Ask for Background Sync whenever something is queued while offline.
  window.addEventListener("offline", function () {
    if (navigator.serviceWorker && "SyncManager" in window) {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.sync.register("footnote-sync");
      }).catch(function () {});
    }
  });

  // Signing out: warn about unsent entries, then clear the device.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.action || !/\/accounts\/logout\/$/.test(new URL(form.action, location.href).pathname) || form.dataset.cleared) return;
    event.preventDefault();
    Q.all().then(function (items) {
      var waiting = items.length;
      if (waiting && !window.confirm(waiting + " entr" + (waiting === 1 ? "y has" : "ies have") +
          " not been sent yet and will be lost if you sign out. Sign out anyway?")) return;
      var clearing = [Q.destroy()];
      if (window.caches) {
        clearing.push(caches.keys().then(function (keys) {
          return Promise.all(keys.filter(function (k) { return k.indexOf("footnote-static-") !== 0; })
            .map(function (k) { return caches.delete(k); }));
        }));
      }
      Promise.all(clearing).then(function () {
        form.dataset.cleared = "true";
        form.submit();
      });
    });
  }, true);
})();
