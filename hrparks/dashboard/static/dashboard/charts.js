// Draws the dashboard's charts with the vendored ECharts from the data the page carries in
// <script type="application/json" id="dashboard-charts"> (Django's json_script). Each chart
// element names its entry with data-chart; the table next to it holds the same figures.
(function () {
  "use strict";

  function barOption(spec) {
    var categoryAxis = { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: spec.horizontal ? 0 : 30 } };
    var valueAxis = { type: "value", minInterval: 1 };
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: spec.horizontal ? 200 : 60, right: 20, bottom: 60, top: 40 },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (series) {
        return { name: series.name, type: "bar", stack: spec.stack ? "total" : undefined, data: series.data };
      })
    };
  }

  function pieOption(spec) {
    return {
      tooltip: { trigger: "item" },
      legend: { top: 0 },
      series: spec.series.map(function (series) {
        return { name: series.name, type: "pie", radius: ["35%", "65%"], data: series.data };
      })
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var specs = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.dataset.chart];
      if (!spec) {
        return;
      }
      var chart = window.echarts.init(element);
      chart.setOption(spec.kind === "pie" ? pieOption(spec) : barOption(spec));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
