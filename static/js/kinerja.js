// Kinerja: behaviour without inline scripts (CSP). Forms with data-confirm ask before submitting.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

// Bars take their width from data-width and markers their position from data-left, in percent (no inline style
// attributes: CSP), on every page and in content htmx swaps in.
function applyGeometry(root) {
  const clamp = (value) => Math.max(0, Math.min(100, Number(value) || 0)) + "%";
  for (const bar of root.querySelectorAll("[data-width]")) {
    bar.style.width = clamp(bar.dataset.width);
  }
  for (const marker of root.querySelectorAll("[data-left]")) {
    marker.style.left = clamp(marker.dataset.left);
  }
}
document.addEventListener("DOMContentLoaded", function () { applyGeometry(document); });
document.addEventListener("htmx:load", function (event) { applyGeometry(event.detail.elt.parentNode || document); });
