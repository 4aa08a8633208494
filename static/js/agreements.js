// The edit page of a Perjanjian Kinerja: the program total follows the budgets as they are typed
// (Indonesian numbers: "1.234.567" or "1.234.567,50"). The server computes the saved total again.
(function () {
  const total = document.querySelector("[data-budget-total]");
  if (!total) {
    return;
  }
  function parse(text) {
    let cleaned = (text || "").replace(/\s|Rp/g, "");
    if (!cleaned) {
      return 0;
    }
    if (cleaned.includes(",")) {
      cleaned = cleaned.replace(/\./g, "").replace(",", ".");
    } else if ((cleaned.match(/\./g) || []).length > 1 || /\.\d{3}$/.test(cleaned)) {
      cleaned = cleaned.replace(/\./g, "");
    }
    const value = Number(cleaned);
    return Number.isFinite(value) ? value : NaN;
  }
  function update() {
    let sum = 0;
    for (const input of document.querySelectorAll("[data-budget]")) {
      const row = input.closest("tr");
      const removed = row && row.querySelector("input[type=checkbox]:checked");
      const value = parse(input.value);
      if (!removed && !Number.isNaN(value)) {
        sum += value;
      }
    }
    total.textContent = "Rp " + Math.round(sum).toLocaleString("id-ID");
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-budget]")) {
      update();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) {
      update();
    }
  });
})();
