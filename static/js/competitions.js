// The competition pages: the judging progress bars get their width from data-width (no inline styles: CSP).
(function () {
  for (const bar of document.querySelectorAll(".progress-bar[data-width]")) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0)) + "%";
  }
})();
