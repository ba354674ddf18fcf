/* The search page: starts Pagefind's UI in #search and runs the search in ?q=.
 *
 * The masthead form sends readers here with ?q=word, so the query arrives in the URL;
 * triggerSearch() fills the box with it and shows the results. data-base-url holds the
 * site's base path: Pagefind records URLs relative to the indexed folder, and the UI
 * prefixes them with it, so results link correctly under https://example.org/news/.
 */
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#search",
    baseUrl: container.getAttribute("data-base-url") || "/",
    showImages: false,
    autofocus: true
  });
  // Pagefind's box has only a title for a name, which screen readers may not announce (axe:
  // label-title-only): give it the same words as a real label. The UI is in place by now.
  var input = container.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.setAttribute("aria-label", input.getAttribute("title") || "Search");
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
