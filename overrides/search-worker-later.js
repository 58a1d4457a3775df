// On the simulator page only, written inline in <head> by overrides/main.html (its hash is in the
// page's policy: build_scripts/csp.py). The theme's search runs in a Web Worker that builds the index
// of the whole guide at once: about a second of processor, taken from the engine's start on a small
// device. Here that worker starts once the engine is ready and the page idle, or as soon as the
// person goes to the search box (then the search answers a moment later), or after 10 s. Until then
// the theme talks to a stand-in that keeps its messages. Any other worker starts as usual.
(function () {
  var RealWorker = window.Worker;
  if (!RealWorker || typeof EventTarget !== "function") return;
  var waiting = [];
  var go = false;
  function startAll() {
    if (go) return;
    go = true;
    performance.mark("recherche-lancee"); // read by the tests (tests/test_render_browser.py)
    waiting.splice(0).forEach(function (start) { start(); });
  }
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^\/]*\.js/.test(String(url))) return new RealWorker(url, options);
    var standIn = new EventTarget();
    var queue = [];
    var real = null;
    standIn.postMessage = function (message) { if (real) real.postMessage(message); else queue.push(message); };
    standIn.terminate = function () { if (real) real.terminate(); queue = null; };
    function start() {
      if (queue === null) return;
      real = new RealWorker(url, options);
      real.onmessage = function (event) { standIn.dispatchEvent(new MessageEvent("message", { data: event.data })); };
      real.onerror = function (event) { standIn.dispatchEvent(new Event("error")); event.preventDefault(); };
      queue.splice(0).forEach(function (message) { real.postMessage(message); });
    }
    if (go) start(); else waiting.push(start);
    return standIn;
  };
  window.Worker.prototype = RealWorker.prototype; // instanceof Worker, and the real workers' methods, unchanged
  var idle = window.requestIdleCallback ? function (task) { requestIdleCallback(task, { timeout: 1000 }); } : function (task) { setTimeout(task, 300); };
  try {
    new PerformanceObserver(function (list) {
      if (list.getEntriesByName("simulateur-pret").length) idle(startAll); // marked by engine-client.js
    }).observe({ type: "mark", buffered: true });
  } catch (error) {
    setTimeout(startAll, 3000);
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("form[name=search], .md-search")) startAll();
  });
  setTimeout(startAll, 10000);
})();
