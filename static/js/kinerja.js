// Kinerja: behaviour without inline scripts (CSP). Forms with data-confirm ask before submitting.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

// Progress bars take their width from data-width (no inline style attributes: CSP), also in content htmx swaps in.
function applyWidths(root) {
  for (const bar of root.querySelectorAll(".progress-bar[data-width]")) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0)) + "%";
  }
}
document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
document.addEventListener("htmx:load", function (event) { applyWidths(event.detail.elt.parentNode || document); });
