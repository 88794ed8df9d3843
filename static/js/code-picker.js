// Review forms (campaigns, brands): filter the rejection-code catalogue by number or text, mirror the
// suggestions into the picked codes, show what is picked, and tick the whole manual checklist at once.
function initCodePicker(picker) {
  "use strict";
  const form = picker.closest("form");
  const filter = picker.querySelector("#code-filter");
  const rows = Array.from(form.querySelectorAll(".code-list label"));
  const boxes = Array.from(form.querySelectorAll('input[name="codes"]'));
  const count = form.querySelector("[data-selected-count]");
  const list = form.querySelector("[data-selected-list]");

  function refresh() {
    const picked = boxes.filter((b) => b.checked).map((b) => b.value);
    count.textContent = String(picked.length);
    list.textContent = picked.join(", ");
    form.querySelectorAll("[data-suggest]").forEach((s) => {
      s.checked = picked.includes(s.dataset.suggest);
    });
  }

  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach((row) => {
      const text = row.dataset.search;
      row.hidden = !words.every((w) => text.includes(w));
    });
  });
  filter.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter picks the first visible code instead of submitting the decision
    const first = rows.find((row) => !row.hidden);
    if (first) {
      const box = first.querySelector("input");
      box.checked = true;
      refresh();
    }
  });
  boxes.forEach((b) => b.addEventListener("change", refresh));
  form.querySelectorAll("[data-suggest]").forEach((s) =>
    s.addEventListener("change", () => {
      const box = boxes.find((b) => b.value === s.dataset.suggest);
      if (box) box.checked = s.checked;
      refresh();
    })
  );
  const tickAll = form.querySelector("[data-tick-all]");
  if (tickAll) {
    tickAll.addEventListener("click", () => {
      // The number-pool review (810) is a separate confirmation: "Tick all" leaves it to the analyst.
      form.querySelectorAll('.checklist input[type="checkbox"]:not([name="check_number_pool_review"])').forEach((c) => {
        c.checked = true;
      });
    });
  }
  refresh();
}

document.querySelectorAll(".code-picker").forEach(initCodePicker);
