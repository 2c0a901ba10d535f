/* The offline queue: entries made without a connection wait in IndexedDB and leave the device
   only once the server has confirmed them. Shared by the pages and the service worker. */
(function (root) {
  "use strict";
  var DB_NAME = "footnote";
  var RESOURCES = { checkin: "checkins", run: "runs", exercise: "exercise-completions" };

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result = work(tx.objectStore(storeName));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  var Queue = {
    add: function (item) {
      item.status = "pending";
      item.created = item.created || Date.now();
      return run("queue", "readwrite", function (store) { store.put(item); });
    },
    put: function (item) { return run("queue", "readwrite", function (store) { store.put(item); }); },
    get: function (id) { return run("queue", "readonly", function (store) { return store.get(id); }); },
    remove: function (id) { return run("queue", "readwrite", function (store) { store.delete(id); }); },
    all: function () {
      return run("queue", "readonly", function (store) { return store.getAll(); }).then(function (items) {
        return (items || []).sort(function (a, b) { return a.created - b.created; });
      });
    },
    setToken: function (token) { return run("meta", "readwrite", function (store) { store.put(token, "csrf"); }); },
    token: function () { return run("meta", "readonly", function (store) { return store.get("csrf"); }); },
    destroy: function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    },

    // Send pending entries in the order they were made. Returns {sent, rejected, stopped}.
    sync: function () {
      var outcome = { sent: 0, rejected: 0, stopped: false };
      return Promise.all([Queue.all(), Queue.token()]).then(function (both) {
        var items = both[0].filter(function (item) { return item.status === "pending"; });
        var csrf = both[1] || "";
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            if (outcome.stopped) return;
            return send(item, csrf).then(function (response) {
              if (response.status === 200 || response.status === 201) {
                outcome.sent += 1;
                return Queue.remove(item.id);
              }
              if (response.status === 400 || response.status === 409) {
                // The server refuses it: keep it for the runner to fix, never drop it.
                return response.json().catch(function () { return {}; }).then(function (errors) {
                  item.status = "rejected";
                  item.errors = response.status === 409 ? { non_field_errors: ["This entry clashes with one already saved."] } : errors;
                  outcome.rejected += 1;
                  return Queue.put(item);
                });
              }
              outcome.stopped = true; // signed out, throttled or a server problem: try again later
            }, function () { outcome.stopped = true; });
          });
        }, Promise.resolve());
      }).then(function () { return outcome; });
    },
  };

  function send(item, csrf) {
    return fetch("/api/v1/" + RESOURCES[item.kind] + "/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(item.payload),
    });
  }

  root.FootnoteQueue = Queue;
})(typeof self !== "undefined" ? self : window);
