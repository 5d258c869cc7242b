// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it (GOV.UK pattern),
  // or to the row the server just added.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  var focusForm = document.querySelector("form[data-focus]");
  if (!summary && focusForm) {
    var target = document.getElementById(focusForm.getAttribute("data-focus"));
    var input = target && target.querySelector("input, select, textarea");
    if (input) { input.focus(); } else if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
  }

  // Repeatable rows: add from the <template> prototype, remove in place.
  var counters = {};
  function nextIndex(list) {
    var name = list.getAttribute("data-repeat");
    if (!(name in counters)) {
      var max = -1;
      // « specific-3 » (a list of plain fields) or « partners-3-name » (a list of forms)
      var re = new RegExp("^" + name.replace(/[-]/g, "\\-") + "-(\\d+)(?:-|$)");
      list.querySelectorAll("[name]").forEach(function (el) {
        var m = re.exec(el.getAttribute("name"));
        if (m) { max = Math.max(max, parseInt(m[1], 10)); }
      });
      counters[name] = max + 1;
    }
    return counters[name]++;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-repeat-add], [data-repeat-remove]");
    if (!button) { return; }
    var list = button.closest("[data-repeat]");
    if (!list) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-repeat-add")) {
      var items = list.querySelector("[data-repeat-items]");
      if (items.children.length >= 100) { announce(list, "Cette liste est limitée à 100 éléments."); return; }
      var template = list.querySelector(":scope > template[data-repeat-template]");
      var placeholder = list.getAttribute("data-placeholder");
      var html = template.innerHTML.split(placeholder).join(String(nextIndex(list)));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var item = holder.firstElementChild;
      items.appendChild(item);
      renumber(list);
      var first = item.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
      changed(list.closest("form"));
    } else {
      var row = button.closest("[data-repeat-item]");
      var next = list.querySelector("[data-repeat-add]");
      row.parentNode.removeChild(row);
      renumber(list);
      announce(list, "Élément supprimé.");
      if (next) { next.focus(); }
      changed(list.closest("form"));
    }
  });

  // Rows are titled by their number (« Lieu 3 »), in their title and delete button.
  function renumber(list) {
    var items = list.querySelector("[data-repeat-items]");
    Array.prototype.forEach.call(items.children, function (row, i) {
      row.querySelectorAll("[data-repeat-number]").forEach(function (span) {
        if (span.closest("[data-repeat]") === list) { span.textContent = String(i + 1); }
      });
    });
  }

  function announce(list, text) {
    var form = list.closest("form");
    var status = form && form.querySelector("[data-autosave-status]");
    if (status) { status.textContent = text; }
  }

  // Autosave (debounced) of step forms; the page keeps its normal submit buttons.
  var timers = new WeakMap();
  var inFlight = new WeakMap();  // the autosave request of a form, until it settles
  function changed(form) {
    if (!form || !form.hasAttribute("data-autosave")) { return; }
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { autosave(form); }, 1500));
  }
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var data = new FormData(form);
    data.set("action", "autosave");
    status.textContent = "Enregistrement…";
    var request = fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, json: json }; });
    }).then(function (result) {
      if (result.json.ok) {
        form.querySelector("[data-version]").value = result.json.version;
        status.textContent = "Enregistré à " + result.json.saved_at +
          (result.json.errors ? " — " + result.json.errors + " champ(s) à corriger" : "");
      } else {
        status.textContent = result.json.message || "Échec de l'enregistrement — réessayer.";
      }
    }).catch(function () {
      status.innerHTML = "";
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "fr-link";
      retry.textContent = "Échec de l'enregistrement — réessayer";
      retry.addEventListener("click", function () { autosave(form); });
      status.appendChild(retry);
    });
    inFlight.set(form, request);
    request.finally(function () {
      if (inFlight.get(form) === request) { inFlight.delete(form); }
    });
  }
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    form.addEventListener("input", function () { changed(form); });
    form.addEventListener("change", function () { changed(form); });
    form.addEventListener("submit", function (event) {
      clearTimeout(timers.get(form));
      // A save pressed while an autosave is on its way would carry the version the autosave
      // is replacing (a false « modification concurrente »): wait for it, then submit with
      // the version it returned and the same button.
      var request = inFlight.get(form);
      if (!request) { return; }
      event.preventDefault();
      var submitter = event.submitter;
      request.finally(function () {
        inFlight.delete(form);
        if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      });
    });
  });
})();

// A table wider than its container scrolls inside it (DSFR wrappers): the container then
// takes the focus, so that the keyboard scrolls it too, and is named after the caption.
(function () {
  "use strict";
  function reachable() {
    document.querySelectorAll(".fr-table__container").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table || table.hasAttribute("tabindex")) { return; }  // already focusable
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = table.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) { box.setAttribute("aria-label", caption.textContent.trim()); }
      } else if (box.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  reachable();
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(reachable, 200); });
})();

// Commune search (official list) that adds INSEE codes to a codes field.
(function () {
  "use strict";
  document.querySelectorAll("[data-commune-search]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-target"));
    var input = box.querySelector("input[type=search]");
    var results = box.querySelector("ul");
    if (!target || !input || !results) { return; }
    box.hidden = false;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    function search() {
      var q = input.value.trim();
      results.innerHTML = "";
      if (q.length < 2) { return; }
      fetch("/api/communes?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (communes) {
          results.innerHTML = "";
          if (!communes.length) { results.textContent = "Aucune commune trouvée."; return; }
          communes.forEach(function (c) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button";
            b.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
            b.textContent = c.label + " — " + c.insee_code;
            b.addEventListener("click", function () {
              var codes = target.value.split(/[\s,;]+/).filter(Boolean);
              if (codes.indexOf(c.insee_code) === -1) { codes.push(c.insee_code); }
              target.value = codes.join(" ");
              results.textContent = c.name + " ajoutée (" + c.insee_code + ").";
              input.value = "";
              input.focus();
            });
            li.appendChild(b);
            results.appendChild(li);
          });
        });
    }
  });
})();
