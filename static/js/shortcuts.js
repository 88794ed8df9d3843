// Keyboard shortcuts for the queue and review pages: an element with data-shortcut="k" is clicked (buttons,
// links, radios, checkboxes) or focused (fields) when "k" is pressed outside a text field. Nothing happens
// with a modifier key held, so browser shortcuts keep working.
(function () {
  "use strict";
  // Review forms: the decision radios and the code search, wherever a page has them.
  const FALLBACK = {
    a: 'input[name="decision"][value="approve"]',
    x: 'input[name="decision"][value="reject"], input[name="decision"][value="request_changes"]',
    "/": "#code-filter",
  };
  const TYPING =
    "textarea, select, [contenteditable='true'], " +
    "input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit]):not([type=reset])";
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    // Only where a key types (or picks an option): a radio or checkbox a shortcut just focused keeps them working.
    if (target.closest(TYPING)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const el =
      document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`) ||
      (FALLBACK[event.key] && document.querySelector(FALLBACK[event.key]));
    if (!el) return;
    event.preventDefault();
    if (el.matches("input[type=search], input[type=text], textarea, select")) {
      el.focus();
    } else {
      el.click();
      if (el.matches("input[type=radio], input[type=checkbox]")) el.focus();
    }
  });
  const all = document.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll('input[name="items"]').forEach((box) => {
        box.checked = all.checked;
      });
    });
  }
})();
