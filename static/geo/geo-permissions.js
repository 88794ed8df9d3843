// The geo permissions table's filter (search, region, enabled only) and the sub-account picker's auto-submit.
// A static file, not an inline script (the CSP allows only 'self'). Rows replaced by htmx after an edit are
// filtered again, so a saved row never reappears under a filter that hides it.
(function () {
  "use strict";

  function bind() {
    var search = document.querySelector("[data-geo-search]");
    var region = document.querySelector("[data-geo-region]");
    var enabledOnly = document.querySelector("[data-geo-enabled-only]");
    var counter = document.querySelector("[data-geo-count]");
    if (!search) return;

    function apply() {
      var query = search.value.trim().toLowerCase();
      var area = region ? region.value : "";
      var onlyOn = enabledOnly && enabledOnly.checked;
      var rows = document.querySelectorAll("[data-geo-row]");
      var shown = 0;
      var on = 0;
      rows.forEach(function (row) {
        var visible =
          (!query || row.dataset.name.indexOf(query) !== -1) &&
          (!area || row.dataset.region === area || row.dataset.subregion === area) &&
          (!onlyOn || row.dataset.enabled === "1");
        row.hidden = !visible;
        if (visible) shown += 1;
        if (row.dataset.enabled === "1") on += 1;
      });
      if (counter) {
        counter.textContent =
          (shown === rows.length ? rows.length + " countries" : shown + " of " + rows.length + " countries") +
          ", " + on + " enabled";
      }
    }

    search.addEventListener("input", apply);
    if (region) region.addEventListener("change", apply);
    if (enabledOnly) enabledOnly.addEventListener("change", apply);
    document.body.addEventListener("htmx:afterSwap", apply);
    apply();
  }

  function autosubmit() {
    document.querySelectorAll("[data-geo-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  function start() {
    bind();
    autosubmit();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
