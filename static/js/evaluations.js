// The at-risk page: a horizontal bar per head at risk (their projected year-end capaian; red below 66, amber below
// the threshold, grey when nothing is reported yet), drawn with the vendored Chart.js from the JSON the server put in <script id="at-risk-chart"
// type="application/json"> (json_script; no inline script: CSP). Numbers in the Indonesian format (1.234,5).
(function () {
  "use strict";
  const source = document.getElementById("at-risk-chart");
  const canvas = document.querySelector("canvas[data-chart='at-risk-chart']");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const number = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });
  const colours = data.values.map(function (value) {
    if (value === null) {
      return "#adb5bd";
    }
    return value >= 66 ? "#fd7e14" : "#dc3545";
  });
  canvas.parentElement.style.position = "relative";
  canvas.parentElement.style.height = Math.max(160, 28 * data.labels.length + 60) + "px";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.label, data: data.values, backgroundColor: colours, borderColor: colours },
      ],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      responsive: true,
      scales: {
        x: {
          beginAtZero: true,
          suggestedMax: 120,
          ticks: {
            callback: function (value) {
              return number.format(value) + "%";
            },
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: function (context) {
              const value = context.parsed.x;
              return context.dataset.label + ": " + (value === null ? "–" : number.format(value) + "%");
            },
          },
        },
      },
    },
  });
})();
