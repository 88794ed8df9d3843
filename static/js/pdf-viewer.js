// PDF evidence viewer: pages come from the server as PNGs (rasterised by poppler), so no PDF reader runs in
// the browser. The toolbar's links work without this script (each reloads the page); here they change the
// page and the zoom in place. Zoom is a CSS class per step (the CSP allows no inline styles).
(function () {
  "use strict";

  function setup(viewer) {
    const pages = Number(viewer.dataset.pages);
    const levels = viewer.dataset.zoomLevels.split(",").map(Number);
    const pageUrl = viewer.dataset.pageUrl; // the URL of page 1: ".../pages/1/"
    const name = viewer.dataset.name;
    const image = viewer.querySelector("img.pdf-page");
    const pageNumber = viewer.querySelector("[data-page-number]");
    const zoomNumber = viewer.querySelector("[data-zoom-number]");
    const controls = {};
    viewer.querySelectorAll("[data-action]").forEach((link) => { controls[link.dataset.action] = link; });
    let page = Number(viewer.dataset.page);
    let zoom = Number(viewer.dataset.zoom);

    function enable(link, target, query) {
      if (target === null) {
        link.classList.add("disabled");
        link.setAttribute("aria-disabled", "true");
        link.removeAttribute("href");
      } else {
        link.classList.remove("disabled");
        link.removeAttribute("aria-disabled");
        link.setAttribute("href", query);
      }
    }

    function render(pageChanged) {
      const index = levels.indexOf(zoom);
      levels.forEach((level) => image.classList.toggle("zoom-" + level, level === zoom));
      if (pageChanged) {
        image.src = pageUrl.replace(/\/1\/$/, "/" + page + "/");
        image.alt = "Page " + page + " of " + pages + " of " + name;
      }
      pageNumber.textContent = String(page);
      zoomNumber.textContent = String(zoom);
      viewer.dataset.page = String(page);
      viewer.dataset.zoom = String(zoom);
      const prev = page > 1 ? page - 1 : null;
      const next = page < pages ? page + 1 : null;
      const out = index > 0 ? levels[index - 1] : null;
      const into = index < levels.length - 1 ? levels[index + 1] : null;
      enable(controls.prev, prev, "?page=" + prev + "&zoom=" + zoom);
      enable(controls.next, next, "?page=" + next + "&zoom=" + zoom);
      enable(controls["zoom-out"], out, "?page=" + page + "&zoom=" + out);
      enable(controls["zoom-in"], into, "?page=" + page + "&zoom=" + into);
      // The address follows, so a reload or a shared link opens the same page at the same zoom.
      window.history.replaceState(null, "", "?page=" + page + "&zoom=" + zoom);
    }

    function act(action) {
      const index = levels.indexOf(zoom);
      if (action === "prev" && page > 1) { page -= 1; render(true); }
      else if (action === "next" && page < pages) { page += 1; render(true); }
      else if (action === "zoom-out" && index > 0) { zoom = levels[index - 1]; render(false); }
      else if (action === "zoom-in" && index < levels.length - 1) { zoom = levels[index + 1]; render(false); }
    }

    Object.entries(controls).forEach(([action, link]) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        act(action);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-pdf-viewer]").forEach(setup));
})();
