/* Offline-first logging: the service worker, the queue's UI, syncing, install and logout. */
(function () {
  "use strict";
  var Q = window.FootnoteQueue;
  var body = document.body;
  var signedIn = body.dataset.signedIn === "true";
  // The account this page was rendered for: entries made here are its own, and only its own are shown.
  var account = body.dataset.account || null;

  // The run form's conversions, in whole numbers so that they match the server's decimal arithmetic
  // (journal/common/units.py) to the metre and the second, halves rounded up: an entry sent again after a
  // lost answer must be byte for byte the one the server already has.
  var Units = {
    // Hundredths from "12", "12.5" or "12.34" (the form allows two decimal places); null otherwise.
    hundredths: function (text) {
      var match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(String(text));
      if (!match) return null;
      return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
    },
    // numerator / denominator for whole numbers >= 0, halves up.
    roundHalfUp: function (numerator, denominator) {
      var twice = 2 * numerator + denominator;
      return (twice - (twice % (2 * denominator))) / (2 * denominator);
    },
    metres: function (text, unit) {
      var h = Units.hundredths(text);
      if (h === null) return null;
      // 1 mi = 1609.344 m: hundredths of a mile times 1,609,344 is in hundred-thousandths of a metre.
      return unit === "mi" ? Units.roundHalfUp(h * 1609344, 100000) : h * 10;
    },
    // Seconds from "45" (minutes), "45:30" or "1:05:30", as journal.common.units.parse_duration; null otherwise.
    seconds: function (text) {
      var parts = String(text).trim().split(":");
      if (parts.length > 3 || !parts.every(function (p) { return /^\s*\d+\s*$/.test(p); })) return null;
      var n = parts.map(function (p) { return parseInt(p, 10); });
      if (n.length === 1) return n[0] * 60;
      if (n.slice(1).some(function (x) { return x >= 60; })) return null;
      return n.length === 2 ? n[0] * 60 + n[1] : n[0] * 3600 + n[1] * 60 + n[2];
    },
    durationFromPace: function (paceText, distanceText) {
      var pace = Units.seconds(paceText);
      var h = Units.hundredths(distanceText);
      return pace === null || h === null ? null : Units.roundHalfUp(pace * h, 100);
    },
  };
  window.FootnoteUnits = Units;

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

  // A part of a page fetched on demand (Today's trends) that cannot come for want of a connection
  // says so. Its own hx-trigger fetches it again on the `online` event; a connection that is back
  // as far as the browser knows but not yet usable gets a few retries, further and further apart.
  var partRetries = typeof WeakMap === "function" ? new WeakMap() : null;
  function waitsForConnection(event) {
    var part = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!part || !part.matches || !part.matches("[data-on-demand]")) return;
    if (event.type === "htmx:responseError" && !(xhr.status === 503 && xhr.statusText === "Offline")) return;
    var note = part.querySelector("[data-offline-note]");
    if (note) note.hidden = false;
    var tries = partRetries ? partRetries.get(part) || 0 : 0;
    if (!navigator.onLine || !partRetries || !window.htmx || tries >= 8) return;
    partRetries.set(part, tries + 1);
    setTimeout(function () {
      if (part.isConnected) window.htmx.trigger(part, "retry");
    }, Math.min(30000, 1000 * Math.pow(2, tries)));
  }
  document.addEventListener("htmx:sendError", waitsForConnection);
  document.addEventListener("htmx:responseError", waitsForConnection);

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

  var BUILDERS = {
    checkin: function (form) {
      var payload = {
        date: one(form, "date"), side: one(form, "side"), pain_now: int(one(form, "pain_now")),
        recent_trauma: ticked(form, "recent_trauma"),
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
      // Left out when not typed, as the form does: the server then takes the time it is sent.
      if (one(form, "time")) payload.time = one(form, "time");
      return payload;
    },
    run: function (form) {
      var metres = Units.metres(one(form, "distance"), form.dataset.unit === "mi" ? "mi" : "km");
      var duration = one(form, "duration").trim()
        ? Units.seconds(one(form, "duration"))
        : Units.durationFromPace(one(form, "pace"), one(form, "distance"));
      var payload = {
        date: one(form, "date"), distance_m: metres, duration_s: duration, shoe: one(form, "shoe") || null,
        surface: one(form, "surface") || "road", hilly: ticked(form, "hilly"), effort: int(one(form, "effort")),
        pain_during: int(one(form, "pain_during")), notes: one(form, "notes"),
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
    if (kind === "checkin") {
      return "Check-in: " + (payload.pain_now === null ? "pain not given" : "pain " + payload.pain_now + "/10") +
        " on " + payload.date;
    }
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

  // What each choice was called when it was made, so a fix can say which one is gone.
  function labels(form) {
    var named = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
      if (select.name && select.selectedOptions[0]) named[select.name] = select.selectedOptions[0].text;
    });
    return named;
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

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The time now on the runner's own clock (the form's data-time-zone, from their profile), as HH:MM:
  // the form's date is the runner's today, so a device set to another zone must not stamp its own time.
  function timeNow(form) {
    var now = new Date();
    var zone = form.dataset.timeZone;
    if (zone && window.Intl && Intl.DateTimeFormat) {
      try {
        var parts = new Intl.DateTimeFormat("en-GB", {
          timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        }).formatToParts(now);
        var part = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
        return part("hour") + ":" + part("minute");
      } catch (e) { /* an unknown zone: the device's clock below */ }
    }
    return pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  // madeOffline: the device had no connection, so the server has never seen this entry. A check-in
  // left without a time then keeps the time it was made, not the time it is sent. (After a request
  // that failed on its way, the server may have stored it already with its own time; the entry is
  // then sent as typed, so that the resend matches.)
  function queueForm(form, madeOffline) {
    var kind = form.dataset.offlineKind;
    var id = (form.elements.entry_id && form.elements.entry_id.value) || uuid();
    var payload = BUILDERS[kind](form);
    payload.id = id;
    if (kind === "checkin" && madeOffline && !payload.time && form.elements.time) {
      payload.time = timeNow(form);
    }
    return Q.add({
      id: id, kind: kind, account: account, payload: payload, body: JSON.stringify(payload),
      summary: summary(kind, payload, form), fields: fields(form), labels: labels(form),
    })
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
    else queueForm(form, true);
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

  // The pending count in the header and the "waiting to sync" list: this account's entries only.
  function render() {
    return Promise.all([Q.mine(account), Q.unclaimed()]).then(function (both) {
      var items = both[0];
      var unclaimed = both[1];
      var badge = document.getElementById("pending-count");
      if (badge) {
        badge.hidden = items.length === 0;
        badge.querySelector("[data-count]").textContent = String(items.length);
      }
      var list = document.getElementById("pending-list");
      if (!list) return;
      list.hidden = items.length === 0 && unclaimed.length === 0;
      var ul = list.querySelector("ul");
      ul.textContent = "";
      if (unclaimed.length) ul.appendChild(unclaimedItem(unclaimed));
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
              e.textContent = (field === "non_field_errors" || field === "detail" ? "" : field.replace(/_/g, " ") + ": ") + message;
              errors.appendChild(e);
            });
          });
          li.appendChild(errors);
          var fix = document.createElement("a");
          fix.href = "/log/?what=" + item.kind + "&fix=" + item.id;
          fix.textContent = "Fix it";
          li.appendChild(fix);
          li.appendChild(document.createTextNode(" "));
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "link-button";
          discard.textContent = "Discard";
          discard.setAttribute("aria-label", "Discard " + item.summary);
          discard.onclick = function () { discardEntry(item); };
          li.appendChild(discard);
        }
        ul.appendChild(li);
      });
    });
  }

  // Entries kept by an older version of the app, which did not record whose they were. They are
  // never sent on a guess: the runner says they are theirs (or discards them).
  function unclaimedItem(unclaimed) {
    var li = document.createElement("li");
    li.className = "pending-item pending-unclaimed";
    var label = document.createElement("span");
    label.textContent = unclaimed.length + " entr" + (unclaimed.length === 1 ? "y was" : "ies were") +
      " saved on this device before an update, without a name: " +
      unclaimed.map(function (item) { return item.summary; }).join("; ") + ". Send only if you made " +
      (unclaimed.length === 1 ? "it" : "them") + ".";
    li.appendChild(label);
    var claim = document.createElement("button");
    claim.type = "button";
    claim.className = "link-button";
    claim.textContent = unclaimed.length === 1 ? "It's mine, send it" : "They're mine, send them";
    claim.onclick = function () { Q.claim(account).then(render).then(syncNow); };
    li.appendChild(claim);
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "link-button";
    drop.textContent = "Discard";
    drop.setAttribute("aria-label", "Discard the entries saved before the update");
    drop.onclick = function () {
      if (!window.confirm("Discard " + unclaimed.length + " entr" + (unclaimed.length === 1 ? "y" : "ies") +
          " saved before the update? They were never sent.")) return;
      Q.dropUnclaimed().then(render);
    };
    li.appendChild(drop);
    return li;
  }

  // A refused entry the runner no longer wants: deleted from the device, after a confirm.
  function discardEntry(item) {
    if (!window.confirm("Discard \u201c" + item.summary + "\u201d? It was never saved, and it will be deleted from this device.")) return;
    Q.get(item.id).then(function (stored) {
      // Only a refused entry, and only this account's: a fix saved meanwhile is left alone.
      if (stored && stored.status === "rejected" && String(stored.account) === String(account)) {
        return Q.remove(item.id);
      }
    }).then(render);
  }

  // Fixing a refused entry: fill the form with what was typed, under the same id, and say plainly
  // what could not be kept (a shoe deleted since, say) instead of dropping it silently.
  function fillFix() {
    var params = new URLSearchParams(window.location.search);
    var id = params.get("fix");
    if (!id) return;
    Q.get(id).then(function (item) {
      if (!item || String(item.account) !== String(account)) return;
      var form = document.querySelector('form[data-offline-kind="' + item.kind + '"]');
      if (!form) return;
      var changed = [];
      Object.keys(item.fields).forEach(function (name) {
        var wanted = item.fields[name];
        var elements = Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
        if (!elements.length) return;
        var choice = elements.filter(function (el) { return /checkbox|radio/.test(el.type); });
        if (choice.length) {
          choice.forEach(function (el) { el.checked = wanted.indexOf(el.value) >= 0; });
          var kept = choice.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
          if (wanted.some(function (value) { return kept.indexOf(value) < 0; })) changed.push(describe(form, name, item, null));
          return;
        }
        var el = elements[0];
        el.value = wanted[0];
        if (el.value !== wanted[0]) changed.push(describe(form, name, item, el));
      });
      form.elements.entry_id.value = item.id;
      // What was typed behind a folded question (a shoe, a note) is shown, not left hidden.
      form.querySelectorAll("details").forEach(function (details) {
        if (Array.prototype.some.call(details.querySelectorAll("input, select, textarea"), edited)) details.open = true;
      });
      if (changed.length) {
        var note = form.querySelector(".fix-changes") || document.createElement("div");
        note.className = "msg fix-changes";
        note.setAttribute("role", "alert");
        note.textContent = "";
        var intro = document.createElement("p");
        intro.textContent = "Not everything you typed could be put back:";
        note.appendChild(intro);
        var ul = document.createElement("ul");
        changed.forEach(function (text) {
          var li = document.createElement("li");
          li.textContent = text;
          ul.appendChild(li);
        });
        note.appendChild(ul);
        form.insertBefore(note, form.firstChild);
      }
      // It stays "rejected" while being fixed: marked pending, the sync that starts with this page
      // would send the refused copy again and could put it back after the fixed one was saved.
      // Saved offline, the fix replaces it under the same id as a pending entry (queueForm).
    });
  }

  function edited(el) {
    if (/checkbox|radio/.test(el.type)) return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (option) { return option.selected !== option.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  function describe(form, name, item, el) {
    var labelEl = el && el.id ? form.querySelector('label[for="' + el.id + '"]') : null;
    var field = (labelEl ? labelEl.textContent : name.replace(/_/g, " ")).trim();
    var was = item.labels && item.labels[name];
    var now = el && el.tagName === "SELECT" && el.selectedOptions[0] ? el.selectedOptions[0].text : "";
    return field + ": " + (was ? "\u201c" + was + "\u201d" : "your choice") + " is no longer available" +
      (now ? ", so it is now \u201c" + now + "\u201d. Choose again if that is not right." : ". Choose again.");
  }

  // Sending, and trying again with backoff and jitter until nothing of this account's is waiting
  // (refused entries wait for the runner, not for the server).
  var RETRY_FIRST_MS = 1000;
  var RETRY_MOST_MS = 8000;
  var syncing = null;
  var retryTimer = null;
  var failures = 0;

  function scheduleRetry() {
    if (retryTimer) return;
    var delay = Math.min(RETRY_MOST_MS, RETRY_FIRST_MS * Math.pow(2, failures));
    delay = delay / 2 + Math.random() * (delay / 2); // jitter: many devices do not return at once
    failures += 1;
    retryTimer = setTimeout(function () { retryTimer = null; syncNow(); }, delay);
    // If the page is closed before then, the service worker tries again (Background Sync).
    askForBackgroundSync();
  }

  // Only this page's runner's entries are worth a retry from here; anyone else's wait for them.
  function retryIfWaiting() {
    Q.mine(account).then(function (items) {
      if (items.some(function (item) { return item.status === "pending"; })) scheduleRetry();
    });
  }

  var signingOut = false;

  function syncNow() {
    if (!navigator.onLine || signingOut) return Promise.resolve();
    if (syncing) return syncing;
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    syncing = Q.sync().then(function (outcome) {
      syncing = null;
      if (outcome.sent || outcome.rejected) failures = 0;
      if (outcome.stopped && outcome.retry) retryIfWaiting();
      else if (!outcome.stopped) failures = 0;
      return render().then(function () {
        if (outcome.sent) document.body.dispatchEvent(new CustomEvent("journal-changed", { bubbles: true }));
        return outcome;
      });
    }, function () { syncing = null; retryIfWaiting(); });
    return syncing;
  }
  window.footnoteSync = syncNow;

  function askForBackgroundSync() {
    if (navigator.serviceWorker && "SyncManager" in window) {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.sync.register("footnote-sync");
      }).catch(function () {});
    }
  }

  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      // The service worker sent (or tried to send) the queue: show where it stands.
      if (event.data && event.data.type === "SYNCED") render();
    });
  }

  window.addEventListener("online", function () { failures = 0; syncNow(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && retryTimer) syncNow();
  });
  document.addEventListener("DOMContentLoaded", function () {
    // This page may be the service worker's stored copy, even when the browser says it is online
    // (the server unreachable): its forms' entry ids may be used already, so every page load gets
    // new ones. A server-rendered id is only ever fresh, so replacing it costs nothing.
    document.querySelectorAll("form[data-offline-kind]").forEach(function (form) {
      if (!editsAnEntry(form)) freshId(form);
    });
    fillFix();
    render().then(syncNow);
    askForBackgroundSync();
  });
  // Ask for Background Sync whenever the connection goes.
  window.addEventListener("offline", askForBackgroundSync);

  // Signing out: it needs the server, so offline nothing changes and the runner is told so. Online,
  // the session ends on the server first; only then are this account's entries and kept pages
  // deleted from the device.
  function signOutNote(form, text) {
    var note = form.querySelector(".signout-note") || document.createElement("p");
    note.className = "msg msg-error signout-note";
    note.setAttribute("role", "alert");
    note.textContent = text;
    form.insertBefore(note, form.firstChild);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.action || !/\/accounts\/logout\/$/.test(new URL(form.action, location.href).pathname)) return;
    event.preventDefault();
    var NEEDS_CONNECTION = "Signing out needs a connection. You are still signed in, and entries waiting to sync stay on this device.";
    if (!navigator.onLine) { signOutNote(form, NEEDS_CONNECTION); return; }
    Q.mine(account).then(function (items) {
      var waiting = items.length;
      if (waiting && !window.confirm(waiting + " entr" + (waiting === 1 ? "y has" : "ies have") +
          " not been sent yet and will be lost if you sign out. Sign out anyway?")) return;
      return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { signOutNote(form, "Signing out did not work. Please try again."); return; }
          // Signed out: no more sending or retrying from this page.
          signingOut = true;
          if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
          var clearing = [Q.forget(account)];
          if (window.caches) {
            clearing.push(caches.keys().then(function (keys) {
              return Promise.all(keys.filter(function (k) { return k.indexOf("footnote-static-") !== 0; })
                .map(function (k) { return caches.delete(k); }));
            }));
          }
          return Promise.all(clearing).then(function () { window.location.replace(response.url || "/"); });
        }, function () { signOutNote(form, NEEDS_CONNECTION); });
    });
  }, true);
})();
