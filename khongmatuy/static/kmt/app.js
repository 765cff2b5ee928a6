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

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    labelTables(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { labelTables(event.target); });
})();
