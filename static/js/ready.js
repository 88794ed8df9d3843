// Marks the page ready once every page script has bound its handlers, so tests (and anything else that
// drives the page) act on a page that responds. Deferred scripts run in document order and their
// DOMContentLoaded handlers fire in the order they were added; base.html loads this file last, so its handler
// runs after htmx's and every page script's. A static file, not an inline script: the CSP allows only 'self'.
(function () {
  "use strict";
  function ready() {
    document.documentElement.dataset.ready = "1";
  }
  if (document.readyState === "complete") ready();
  else document.addEventListener("DOMContentLoaded", ready);
})();
