// Kinerja: behaviour without inline scripts (CSP). Forms with data-confirm ask before submitting.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
