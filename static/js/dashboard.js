// Draw the bar chart by commune and the trend line of each indicator (tables stay as the no-JS fallback).
// A bar opens that commune's records; its colour says whether the commune meets the target.
(function () {
  if (typeof Chart === "undefined") return;
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  document.querySelectorAll("canvas.chart").forEach(function (canvas) {
    var item = data[canvas.dataset.chart];
    if (!item) return;
    var bars = canvas.dataset.kind === "bars";
    var series = bars ? item.bars : item.trend;
    if (bars && series.sideways) { canvas.height = Math.max(120, 22 * series.labels.length + 40); }
    new Chart(canvas, {
      type: bars ? "bar" : "line",
      data: {labels: series.labels, datasets: [{data: series.values,
        backgroundColor: bars ? series.colors : "#9b1c1c", borderColor: bars ? series.colors : "#9b1c1c"}]},
      options: {
        indexAxis: bars && series.sideways ? "y" : "x",
        plugins: {legend: {display: false}},
        scales: {x: {ticks: {autoSkip: true, maxRotation: 60}}},
        animation: false, responsive: true,
        onHover: function (event, elements) {
          event.native.target.style.cursor = bars && elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (bars && elements.length) { window.location.href = series.links[elements[0].index]; }
        }
      }
    });
  });
})();
