// Draw the bar chart by commune and the trend line of each indicator (tables stay as the no-JS fallback).
(function () {
  if (typeof Chart === "undefined") return;
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  document.querySelectorAll("canvas.chart").forEach(function (canvas) {
    var item = data[canvas.dataset.chart];
    if (!item) return;
    var series = canvas.dataset.kind === "bars" ? item.bars : item.trend;
    new Chart(canvas, {
      type: canvas.dataset.kind === "bars" ? "bar" : "line",
      data: {labels: series.labels, datasets: [{data: series.values, backgroundColor: "#9b1c1c", borderColor: "#9b1c1c"}]},
      options: {plugins: {legend: {display: false}}, scales: {x: {ticks: {autoSkip: true, maxRotation: 60}}},
                animation: false, responsive: true}
    });
  });
})();
