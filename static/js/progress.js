// The realisasi entry page: progress bars get their width from data-width (no inline styles: CSP), also in the rows
// htmx swaps in after a save.
(function () {
  function widen(root) {
    for (const bar of root.querySelectorAll(".progress-bar[data-width]")) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0)) + "%";
    }
  }
  widen(document);
  document.body.addEventListener("htmx:afterSettle", function () {
    widen(document);
  });
})();
