// sitegen live reload: injected into pages by `sitegen serve`, never written to output/.
// Listens for build events; reloads after a good rebuild, swaps stylesheets after a CSS-only
// one, and shows build errors over the page until the next good rebuild. EventSource
// reconnects by itself when the server restarts.
(function () {
  "use strict";
  var OVERLAY_ID = "sitegen-error-overlay";

  function showErrors(problems) {
    var host = document.getElementById(OVERLAY_ID);
    if (!host) {
      host = document.createElement("div");
      host.id = OVERLAY_ID;
      host.setAttribute("role", "alert");
      host.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.92);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(host);
    }
    host.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Build failed: the page shows the last good version";
    title.style.cssText = "margin:0 0 1rem;font:bold 20px/1.3 system-ui,sans-serif;color:#ff8a80";
    host.appendChild(title);
    problems.forEach(function (problem) {
      var line = document.createElement("pre");
      line.className = "sitegen-problem";
      line.style.cssText = "white-space:pre-wrap;margin:0 0 .75rem";
      line.textContent = problem.location + ": " + problem.severity + ": " + problem.message;
      host.appendChild(line);
    });
  }

  function swapStylesheets() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("sitegen", String(Date.now()));
      link.href = url.toString();
    });
  }

  var source = new EventSource("/__sitegen/events");
  // Lets tests (and curious users) see that the page is listening.
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-sitegen-live", "connected");
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function () {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) { location.reload(); return; }
    swapStylesheets();
  });
  source.addEventListener("failed", function (event) { showErrors(JSON.parse(event.data)); });
})();
