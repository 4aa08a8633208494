// The dashboards: every <canvas data-chart="ID"> is drawn with the vendored Chart.js from the JSON the server put in
// <script id="ID" type="application/json"> (json_script; no inline script: CSP). Chart kinds: hbar, bar, stacked,
// line (apps/dashboards/charts.py). Numbers in the Indonesian format (1.234,5). Bar widths and marker positions:
// data-width and data-left, applied by kinerja.js.
(function () {
  "use strict";
  const number = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });
  const palette = ["#0d6efd", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];

  if (typeof Chart === "undefined") {
    return;
  }

  function format(value, unit) {
    return value === null || value === undefined ? "–" : number.format(value) + (unit || "");
  }

  function config(chart) {
    const horizontal = chart.kind === "hbar";
    const stacked = chart.kind === "stacked";
    const datasets = chart.series.map(function (series, n) {
      const colour = series.colour || palette[n % palette.length];
      const dataset = {
        label: series.label,
        data: series.data,
        backgroundColor: series.colours || colour,
        borderColor: series.colours || colour,
        spanGaps: false,
      };
      if (chart.kind === "line") {
        dataset.tension = 0.2;
        dataset.pointRadius = 4;
        dataset.fill = false;
      }
      return dataset;
    });
    const valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: {
        callback: function (value) {
          return format(value, chart.unit);
        },
        precision: chart.unit ? undefined : 0,
      },
    };
    const labelAxis = { stacked: stacked, ticks: { autoSkip: !horizontal } };
    return {
      type: chart.kind === "line" ? "line" : "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: chart.series.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                const value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + format(value, chart.unit);
              },
            },
          },
        },
      },
    };
  }

  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      continue;
    }
    const chart = JSON.parse(source.textContent);
    const box = canvas.parentElement;
    const phone = window.innerWidth < 576;
    // A horizontal bar chart grows with its labels; the others keep a height that reads on a phone too.
    box.style.position = "relative";
    box.style.height = chart.kind === "hbar" ? Math.max(160, chart.labels.length * 22 + 60) + "px" : (phone ? 220 : 280) + "px";
    canvas.setAttribute("role", "img");
    new Chart(canvas, config(chart));
  }
})();
