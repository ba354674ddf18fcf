/* "Copy link" under a story (templates/_share.html): shows the button, which copies the story's
 * URL and says so. Without JavaScript, or where the clipboard is not available (a page not
 * served over https or localhost), the URL stays on the page to select by hand.
 */
(function () {
  "use strict";
  var button = document.querySelector(".share-copy-button");
  if (!button || !navigator.clipboard) {
    return;
  }
  var status = document.querySelector(".share-copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-link")).then(function () {
      status.textContent = "Copied";
    }, function () {
      status.textContent = "Select the address to copy it";
    });
  });
})();
