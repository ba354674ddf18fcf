// sitegen live reload: injected into pages by `sitegen serve`, never written to output/.
// Listens for build events; reloads after a good rebuild, swaps stylesheets after a CSS-only
// one, and shows build errors in a panel over the page until the next good rebuild. EventSource
// reconnects by itself when the server restarts.
//
// The panel is opaque (a see-through one mixed its text with the page's masthead), styled by
// rules scoped to its id that first revert whatever the site's stylesheet says, and uses only
// system fonts: nothing is fetched from anywhere. Escape or its Close button dismiss it; the
// next failed build brings it back. It is a modal alert dialog: focus moves into it, stays
// there, and returns on close to where it was.
(function () {
  "use strict";
  var OVERLAY_ID = "sitegen-error-overlay";
  var TITLE_ID = "sitegen-error-title";
  var FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif";
  var MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace";
  var O = "#" + OVERLAY_ID;
  var STYLE = [
    O + "," + O + " *{all:revert;box-sizing:border-box}",
    O + "{position:fixed;inset:0;z-index:2147483647;overflow:auto;overscroll-behavior:contain;margin:0;" +
      "padding:0;background:#fff;color:#1b1b1f;font:16px/1.5 " + FONT + ";text-align:left;color-scheme:light}",
    O + ":focus{outline:none}",
    O + " .sg-panel{max-width:960px;margin:0 auto;padding:20px 16px 40px}",
    O + " .sg-head{display:flex;align-items:flex-start;gap:12px;margin:0 0 20px;padding:0 0 14px;" +
      "border-bottom:3px solid #b3261e}",
    O + " .sg-heading{flex:1;min-width:0}",
    O + " .sg-title{margin:0;font:700 22px/1.25 " + FONT + ";color:#b3261e}",
    O + " .sg-note{margin:6px 0 0;font-size:15px;color:#46464f}",
    O + " .sg-close{flex:none;min-width:44px;min-height:44px;margin:0;padding:8px 16px;font:600 15px/1 " + FONT +
      ";color:#1b1b1f;background:#f0f0f3;border:1px solid #b9b9c3;border-radius:6px;cursor:pointer}",
    O + " .sg-close:hover{background:#e2e2e8}",
    O + " .sg-close:focus-visible," + O + " .sg-excerpt:focus-visible{outline:3px solid #1a5fd0;outline-offset:2px}",
    O + " .sg-list{list-style:none;margin:0;padding:0}",
    O + " .sg-problem{margin:0 0 24px;padding:0}",
    O + " .sg-where{margin:0;font:600 14px/1.4 " + MONO + ";color:#46464f;overflow-wrap:anywhere}",
    O + " .sg-error{color:#b3261e}",
    O + " .sg-warning{color:#8a5300}",
    O + " .sg-message{margin:4px 0 10px;font-size:17px;overflow-wrap:anywhere}",
    O + " .sg-excerpt{display:block;margin:0;padding:8px 0;overflow-x:auto;white-space:pre;background:#f5f5f7;" +
      "border:1px solid #d6d6de;border-radius:6px;font:14px/1.6 " + MONO + ";color:#1b1b1f}",
    O + " .sg-row{display:block;min-width:max-content;padding:0 12px}",
    O + " .sg-marked{background:#fde7e5;color:#8c1d18;font-weight:700;box-shadow:inset 4px 0 #b3261e}",
    "@media (min-width:640px){" + O + " .sg-panel{padding:40px 32px}" + O + " .sg-title{font-size:26px}}",
    "@media (prefers-color-scheme:dark){" +
      O + "{background:#16181d;color:#e9e9ee;color-scheme:dark}" +
      O + " .sg-head{border-bottom-color:#ff8a80}" +
      O + " .sg-title," + O + " .sg-error{color:#ff8a80}" +
      O + " .sg-warning{color:#f2c14e}" +
      O + " .sg-note," + O + " .sg-where{color:#b4b4bf}" +
      O + " .sg-close{color:#e9e9ee;background:#262932;border-color:#4a4e5a}" +
      O + " .sg-close:hover{background:#323642}" +
      O + " .sg-close:focus-visible," + O + " .sg-excerpt:focus-visible{outline-color:#8ab4ff}" +
      O + " .sg-excerpt{background:#0e0f13;border-color:#3a3d47;color:#e9e9ee}" +
      O + " .sg-marked{background:#47201e;color:#ffd9d5;box-shadow:inset 4px 0 #ff8a80}}",
  ].join("\n");

  var returnFocus = null;  // what had focus before the panel opened

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function counted(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }

  function problemItem(problem) {
    var item = element("li", "sg-problem");
    var where = element("p", "sg-where");
    problem.location.split("/").forEach(function (part, index, parts) {  // on a phone, wrap after a folder
      var last = index === parts.length - 1;
      where.appendChild(document.createTextNode(last ? part : part + "/"));
      if (!last) where.appendChild(document.createElement("wbr"));
    });
    where.appendChild(document.createTextNode(": "));
    where.appendChild(element("span", problem.severity === "error" ? "sg-error" : "sg-warning",
                              problem.severity + ":"));
    item.appendChild(where);
    item.appendChild(element("p", "sg-message", problem.message));
    if (problem.excerpt) {
      var excerpt = element("pre", "sg-excerpt");
      excerpt.tabIndex = 0;  // long lines scroll sideways: keyboard users need to reach it
      excerpt.setAttribute("aria-label", "The lines around " + problem.location + "; the marked line is the one with the problem");
      problem.excerpt.forEach(function (row) {
        excerpt.appendChild(element("span", row.marked ? "sg-row sg-marked" : "sg-row", row.text));
      });
      item.appendChild(excerpt);
    }
    return item;
  }

  function showErrors(problems) {
    var host = document.getElementById(OVERLAY_ID);
    if (!host) {
      returnFocus = document.activeElement;
      host = element("div");
      host.id = OVERLAY_ID;
      host.setAttribute("role", "alertdialog");
      host.setAttribute("aria-modal", "true");
      host.setAttribute("aria-labelledby", TITLE_ID);
      host.tabIndex = -1;
      document.addEventListener("keydown", onKey, true);
      (document.body || document.documentElement).appendChild(host);
    }
    host.textContent = "";
    host.appendChild(element("style", "", STYLE));
    var panel = element("div", "sg-panel");
    var head = element("div", "sg-head");
    var heading = element("div", "sg-heading");
    var errors = problems.filter(function (problem) { return problem.severity === "error"; }).length;
    var title = element("h2", "sg-title", "Build failed" + (errors ? ": " + counted(errors, "error") : ""));
    title.id = TITLE_ID;
    heading.appendChild(title);
    var waiting = document.documentElement.hasAttribute("data-sitegen-waiting");
    heading.appendChild(element("p", "sg-note", "Fix it and save: this tab reloads by itself. " +
      (waiting ? "No good build of the site exists yet." : "Behind this panel is the last good version.") +
      " Esc closes the panel; it comes back if a save fails again."));
    head.appendChild(heading);
    var close = element("button", "sg-close", "Close");
    close.type = "button";
    close.setAttribute("aria-keyshortcuts", "Escape");
    close.addEventListener("click", dismiss);
    head.appendChild(close);
    panel.appendChild(head);
    var list = element("ul", "sg-list");
    problems.forEach(function (problem) { list.appendChild(problemItem(problem)); });
    panel.appendChild(list);
    host.appendChild(panel);
    host.focus({preventScroll: true});
  }

  function dismiss() {
    var host = document.getElementById(OVERLAY_ID);
    if (!host) return;
    document.removeEventListener("keydown", onKey, true);
    host.remove();
    var back = returnFocus;
    returnFocus = null;
    if (back && back !== document.body && back.isConnected && typeof back.focus === "function") {
      back.focus({preventScroll: true});
    }
  }

  function onKey(event) {
    var host = document.getElementById(OVERLAY_ID);
    if (!host) return;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      dismiss();
    } else if (event.key === "Tab") {  // a modal dialog: Tab cycles through its own controls
      var stops = Array.prototype.slice.call(host.querySelectorAll("button, [tabindex='0']"));
      var at = stops.indexOf(document.activeElement);
      var next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at + 1) % stops.length;
      event.preventDefault();
      if (stops.length) stops[next].focus();
    }
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
