// One handler for failed htmx requests (style.md practice 8); no inline scripts (CSP).
document.addEventListener("htmx:responseError", function () {
  var box = document.getElementById("htmx-error");
  if (box) { box.hidden = false; setTimeout(function () { box.hidden = true; }, 5000); }
});
