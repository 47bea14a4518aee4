// charts.js draws the ECharts chart of every element with data-chart (the
// JSON the page renders: type, categories, series with drill-down links).
// The tables beside the charts carry the same numbers, so the page reads
// without JavaScript. A click on a point opens the records behind it.
(function () {
  "use strict";
  function draw(el) {
    if (!window.echarts) { return; }
    var d;
    try { d = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: d.categories },
      yAxis: { type: "value", minInterval: 1 },
      series: (d.series || []).map(function (s) {
        return { name: s.name, type: d.type, data: s.data, links: s.links };
      })
    });
    chart.on("click", function (p) {
      var s = d.series[p.seriesIndex];
      if (s && s.links && s.links[p.dataIndex]) { window.location.href = s.links[p.dataIndex]; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-rendered", "true");
  }
  function all() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
