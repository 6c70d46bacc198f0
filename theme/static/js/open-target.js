/* Opens the question a link points to (/faqs/#slug): the target <details> starts closed.
   Progressive enhancement: without this script the question is shown, one click away. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
}());
