// Evidence uploader: one XHR per file so each gets its own progress bar and its own refusal.
// The server is the judge of every A8 limit (it enforces them while the upload streams); the
// checks here only spare the customer a doomed 10 MB upload.
(function () {
  "use strict";
  const MB = 1048576;
  const fmt = (n) => (n >= MB ? (n / MB).toFixed(1) + " MB" : n >= 1024 ? (n / 1024).toFixed(1) + " KB" : n + " bytes");

  function setup(form) {
    const input = form.querySelector("input[type=file]");
    const list = form.querySelector(".upload-progress");
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const maxFile = Number(form.dataset.maxFileBytes);
    let added = 0;

    function row(file) {
      const li = document.createElement("li");
      li.innerHTML = '<span class="name"></span> <progress max="100" value="0"></progress> <span class="state"></span>';
      li.querySelector(".name").textContent = file.name + " (" + fmt(file.size) + ")";
      list.appendChild(li);
      return li;
    }

    function fail(li, message) {
      li.classList.add("error");
      li.querySelector("progress").remove();
      li.querySelector(".state").textContent = message;
    }

    function send(file) {
      const li = row(file);
      if (file.size > maxFile) {
        fail(li, file.name + " is too large: " + fmt(file.size - maxFile) + " over the 10 MB limit per file.");
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        const data = new FormData();
        data.append("file", file);
        xhr.open("POST", form.action);
        xhr.setRequestHeader("X-CSRFToken", token);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) li.querySelector("progress").value = Math.round((e.loaded / e.total) * 100);
        };
        xhr.onload = () => {
          let body = {};
          try { body = JSON.parse(xhr.responseText); } catch (err) { body = { errors: ["Unexpected answer (" + xhr.status + ")."] }; }
          if (body.errors && body.errors.length) {
            fail(li, body.errors.join(" "));
          } else {
            li.querySelector("progress").value = 100;
            li.querySelector(".state").textContent = "uploaded";
            li.classList.add("done");
            added += 1;
          }
          if (body.budget) document.getElementById("evidence-budget").textContent = body.budget;
          resolve();
        };
        xhr.onerror = () => { fail(li, "The upload was interrupted; try again."); resolve(); };
        xhr.send(data);
      });
    }

    // The server renders the list (links, sizes, hashes, Remove buttons); swapping it in keeps one template.
    async function refreshList() {
      const current = document.getElementById("evidence-list");
      if (!current || !current.dataset.refreshUrl) return;
      try {
        const response = await fetch(current.dataset.refreshUrl, { headers: { Accept: "text/html" }, credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const holder = document.createElement("div");
        holder.innerHTML = (await response.text()).trim();
        const fresh = holder.querySelector("#evidence-list");
        if (fresh) current.replaceWith(fresh);
      } catch (err) {
        const stale = document.createElement("li");
        stale.innerHTML = '<a href="">Reload to see the evidence list</a>';
        list.appendChild(stale);
      }
    }

    async function handle(files) {
      const before = added;
      for (const file of files) await send(file);  // sequential: the budget shown stays exact
      if (added > before) await refreshList();
    }

    input.addEventListener("change", () => { handle(Array.from(input.files)); input.value = ""; });
    form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("dragging"); });
    form.addEventListener("dragleave", () => form.classList.remove("dragging"));
    form.addEventListener("drop", (e) => {
      e.preventDefault();
      form.classList.remove("dragging");
      handle(Array.from(e.dataTransfer.files));
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("form[data-uploader]").forEach(setup));
})();
