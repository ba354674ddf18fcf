/* Relative hints beside recent times: "24 November 2026, 18:26 CET (2h ago)".
 *
 * Progressive enhancement only. Every <time datetime> on a page already gives the day, the
 * time and the zone, and the page is complete without this script; it adds a hint after
 * (never instead of) each time of the last two days, in the page's language, and refreshes
 * it every minute while the page stays open. A built page cannot say "2 hours ago" itself:
 * it is read long after it was built. Times to come (a scheduled preview) get no hint.
 */
(function () {
  "use strict";
  if (typeof Intl === "undefined" || typeof Intl.RelativeTimeFormat !== "function") {
    return;
  }
  var MINUTE = 60 * 1000;
  var HOUR = 60 * MINUTE;
  var RECENT = 48 * HOUR;
  var format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, {style: "narrow"});

  function phrase(age) {
    if (age < HOUR) {
      return format.format(-Math.max(1, Math.floor(age / MINUTE)), "minute");
    }
    return format.format(-Math.floor(age / HOUR), "hour");
  }

  function update() {
    var now = Date.now();
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var time = times[i];
      var value = time.getAttribute("datetime");
      var age = value.indexOf("T") > 0 ? now - Date.parse(value) : NaN;
      var hint = time.nextElementSibling;
      if (!hint || !hint.hasAttribute("data-time-ago")) {
        hint = null;
      }
      if (!(age >= 0 && age < RECENT)) {  // NaN (a day without a time), to come, or older
        if (hint) {
          hint.remove();
        }
        continue;
      }
      if (!hint) {
        hint = document.createElement("span");
        hint.className = "time-ago";
        hint.setAttribute("data-time-ago", "");
        time.insertAdjacentElement("afterend", hint);
      }
      hint.textContent = " (" + phrase(age) + ")";
    }
  }

  update();
  window.setInterval(update, MINUTE);
})();
