// The app's few behaviours, no framework; no inline scripts (CSP). Documented in docs/ui.md.
(function () {
  "use strict";

  // One handler for failed htmx requests (style.md practice 8).
  document.addEventListener("htmx:responseError", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; setTimeout(function () { box.hidden = true; }, 5000); }
  });

  // The phone menu: a button opens and closes the sidebar.
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("mainnav");
    if (!toggle || !nav) { return; }
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Tables stack into one card per row on a phone: each cell carries its column's name.
  function labelTables(root) {
    var tables = (root || document).querySelectorAll("table:not(.no-stack)");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) { return; }
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (names[col] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", names[col]); }
          col += cell.colSpan || 1;
        });
      });
      table.classList.add("stacked");
    });
  }

  // Autocomplete (common/widgets.py): a search box fills the field's <select> with the choice.
  function optionLabel(r) {
    if (r.label) { return r.label; }
    var parts = [r.name];
    if (r.birth_year) { parts.push("(" + r.birth_year + ")"); }
    if (r.area) { parts.push("– " + r.area); }
    return parts.join(" ");
  }

  function setUpAutocomplete(box) {
    if (box.dataset.ready) { return; }
    box.dataset.ready = "1";
    var input = box.querySelector(".autocomplete-input");
    var select = box.querySelector("select");
    var list = box.querySelector(".autocomplete-results");
    var timer = null;
    var seq = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function choose(id, label) {
      select.innerHTML = "";
      var option = document.createElement("option");
      option.value = id; option.textContent = label; option.selected = true;
      select.appendChild(option);
      input.value = label;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
    }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (r) {
        var button = document.createElement("button");
        button.type = "button"; button.setAttribute("role", "option");
        button.textContent = optionLabel(r);
        button.addEventListener("click", function () { choose(r.id, optionLabel(r)); });
        list.appendChild(button);
      });
      if (!results.length) {
        var empty = document.createElement("p");
        empty.className = "muted"; empty.textContent = box.dataset.empty || "—";
        list.appendChild(empty);
      }
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (!input.value.trim()) { select.innerHTML = '<option value="" selected></option>'; close(); return; }
      timer = setTimeout(function () {
        var url = box.dataset.autocompleteUrl;
        url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(input.value);
        var mine = ++seq;
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) { if (mine === seq) { show(data.results || []); } });
      }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
      if (event.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("button"); if (first) { event.preventDefault(); first.focus(); }
      }
    });
    document.addEventListener("click", function (event) { if (!box.contains(event.target)) { close(); } });
  }

  function setUpAutocompletes(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(".autocomplete"), setUpAutocomplete);
  }

  // Dates stay typed dd/mm/yyyy; a calendar button beside the box (the browser's own date
  // picker) writes the chosen day into it in the same form.
  function setUpDates(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("input[data-date]"), function (input) {
      if (input.dataset.ready) { return; }
      input.dataset.ready = "1";
      var picker = document.createElement("input");
      picker.type = "date";
      picker.className = "date-picker";
      picker.tabIndex = -1;
      picker.setAttribute("aria-hidden", "true");
      function fromText() {
        var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.value.trim());
        picker.value = m ? m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2) : "";
      }
      picker.addEventListener("change", function () {
        var p = picker.value.split("-");
        if (p.length === 3) {
          input.value = p[2] + "/" + p[1] + "/" + p[0];
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      input.addEventListener("change", fromText);
      fromText();
      input.insertAdjacentElement("afterend", picker);
    });
  }

  function setUp(root) {
    labelTables(root);
    setUpAutocompletes(root);
    setUpDates(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUp(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.target); });
})();
