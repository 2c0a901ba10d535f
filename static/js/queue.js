/* The offline queue: entries made without a connection wait in IndexedDB and leave the device
   only once the server has confirmed them. Shared by the pages and the service worker.

   Every entry belongs to the account that made it (`account`). A sync first asks the server who
   is signed in (me/) and sends only that account's entries, each with X-Queue-Account so the
   server refuses it should the session have changed in between. Another account's entries stay
   on the device, untouched and unsent, until that runner signs in again. */
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

  // Whether the database is there at all. Opening creates it, so only adding an entry (or the
  // page's token) may: a sync or a count that runs just after sign-out deleted it must not bring
  // back an empty one.
  function exists() {
    if (!indexedDB.databases) return Promise.resolve(true);
    return indexedDB.databases().then(function (list) {
      return list.some(function (db) { return db.name === DB_NAME; });
    }, function () { return true; });
  }

  function run(storeName, mode, work, create) {
    return (create ? Promise.resolve(true) : exists()).then(function (there) {
      return there ? runIn(storeName, mode, work) : undefined;
    });
  }

  function runIn(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result = work(tx.objectStore(storeName));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function unclaimed(item) { return item.account === undefined || item.account === null || item.account === ""; }

  function sameAccount(item, account) {
    return account !== null && account !== undefined && String(item.account) === String(account);
  }

  // Who the server says is signed in: an account number, null when no one is, or a rejection when
  // the server cannot be reached.
  function whoIsSignedIn() {
    return fetch("/api/v1/me/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) return null;
        if (!response.ok) throw new Error("me/ answered " + response.status);
        return response.json().then(function (me) { return me.account; });
      });
  }

  // One sync at a time across every tab and the service worker.
  function exclusively(work) {
    var locks = root.navigator && root.navigator.locks;
    return locks ? locks.request("footnote-sync", work) : work();
  }

  var Queue = {
    add: function (item) {
      if (item.account === undefined || item.account === null || item.account === "") {
        return Promise.reject(new Error("A queued entry needs the account that made it."));
      }
      item.account = String(item.account);
      item.status = "pending";
      item.created = item.created || Date.now();
      return run("queue", "readwrite", function (store) { store.put(item); }, true);
    },
    put: function (item) { return run("queue", "readwrite", function (store) { store.put(item); }); },
    get: function (id) { return run("queue", "readonly", function (store) { return store.get(id); }); },
    remove: function (id) { return run("queue", "readwrite", function (store) { store.delete(id); }); },
    all: function () {
      return run("queue", "readonly", function (store) { return store.getAll(); }).then(function (items) {
        return (items || []).sort(function (a, b) { return a.created - b.created; });
      });
    },
    // The entries one account made; nobody else's are ever shown, counted or sent.
    mine: function (account) {
      return Queue.all().then(function (items) {
        return items.filter(function (item) { return sameAccount(item, account); });
      });
    },
    // Entries from before entries recorded their account: shown apart, sent only once claimed.
    unclaimed: function () {
      return Queue.all().then(function (items) { return items.filter(unclaimed); });
    },
    claim: function (account) {
      return Queue.unclaimed().then(function (items) {
        return run("queue", "readwrite", function (store) {
          items.forEach(function (item) {
            item.account = String(account);
            store.put(item);
          });
        });
      });
    },
    dropUnclaimed: function () {
      return Queue.unclaimed().then(function (items) {
        return run("queue", "readwrite", function (store) {
          items.forEach(function (item) { store.delete(item.id); });
        });
      });
    },
    setToken: function (token) { return run("meta", "readwrite", function (store) { store.put(token, "csrf"); }, true); },
    token: function () { return run("meta", "readonly", function (store) { return store.get("csrf"); }); },
    destroy: function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    },
    // After signing out: this account's entries go; with nobody else's left, the whole database.
    forget: function (account) {
      return Queue.all().then(function (items) {
        var others = items.filter(function (item) { return !sameAccount(item, account); });
        if (!others.length) return Queue.destroy();
        return run("queue", "readwrite", function (store) {
          items.forEach(function (item) { if (sameAccount(item, account)) store.delete(item.id); });
        });
      });
    },
    whoIsSignedIn: whoIsSignedIn,

    // Send the signed-in account's pending entries in the order they were made.
    // Returns {sent, rejected, stopped, retry, account, left}: `stopped` when a send failed, `retry`
    // when trying again later can help (no connection, a server problem, throttled), `left` the
    // account's entries still waiting to be sent.
    sync: function () {
      return exclusively(function () { return syncNow(); });
    },
  };

  function syncNow() {
    var outcome = { sent: 0, rejected: 0, stopped: false, retry: false, account: null, left: 0 };
    function stop(retry) { outcome.stopped = true; outcome.retry = outcome.retry || retry; }
    return Queue.all().then(function (items) {
      // Nothing anyone could send: no need to ask the server anything (or to keep asking it).
      var waiting = items.some(function (item) { return item.status === "pending" && !unclaimed(item); });
      return waiting ? syncAs(outcome, stop) : outcome;
    });
  }

  function syncAs(outcome, stop) {
    return whoIsSignedIn().then(function (account) {
      if (account === null) { stop(false); return; }
      outcome.account = String(account);
      return Promise.all([Queue.mine(account), Queue.token()]).then(function (both) {
        var items = both[0].filter(function (item) { return item.status === "pending"; });
        var csrf = both[1] || "";
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            if (outcome.stopped) return;
            return sendTwice(item, csrf).then(function (response) {
              if (response.status === 200 || response.status === 201) {
                outcome.sent += 1;
                return Queue.remove(item.id);
              }
              if ([400, 404, 409, 413].indexOf(response.status) >= 0) {
                // The server refuses it: keep it for the runner to fix or discard, never drop it.
                return response.json().catch(function () { return {}; }).then(function (errors) {
                  item.status = "rejected";
                  item.errors = response.status === 409
                    ? { non_field_errors: ["This entry clashes with one already saved."] }
                    : response.status === 404
                      ? { non_field_errors: ["The server cannot store this entry under your account."] }
                      : errors;
                  outcome.rejected += 1;
                  return Queue.put(item);
                });
              }
              // Signed out or a different account (401/403): only signing in helps. Throttled or a
              // server problem: try again later.
              stop(response.status !== 401 && response.status !== 403);
            }, function () { stop(true); });
          });
        }, Promise.resolve());
      });
    }, function () { stop(true); }).then(function () {
      if (outcome.account === null) return outcome;
      return Queue.mine(outcome.account).then(function (items) {
        outcome.left = items.filter(function (item) { return item.status === "pending"; }).length;
        return outcome;
      });
    });
  }

  function transient(status) { return status === 429 || status >= 500; }

  // A dropped or failed request is tried once more straight away, after a short random pause: a
  // flaky link often carries the next request, and the sync then moves on instead of waiting.
  function sendTwice(item, csrf) {
    function again() {
      return new Promise(function (resolve) { setTimeout(resolve, 100 + Math.random() * 400); })
        .then(function () { return send(item, csrf); });
    }
    return send(item, csrf).then(function (response) {
      return transient(response.status) ? again() : response;
    }, again);
  }

  function send(item, csrf) {
    return fetch("/api/v1/" + RESOURCES[item.kind] + "/", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrf,
        "X-Queue-Account": item.account,
        Accept: "application/json",
      },
      // Stored once as text: a resend is byte for byte what was sent before.
      body: typeof item.body === "string" ? item.body : JSON.stringify(item.payload),
    });
  }

  root.FootnoteQueue = Queue;
})(typeof self !== "undefined" ? self : window);
