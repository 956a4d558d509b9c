// Draws each chart from the JSON its table was built from (json_script beside it): bars, lines, a treemap.
// No data comes from anywhere else; without JavaScript the table under each chart carries the same figures.
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;

  function money(value) {
    if (zh) {
      if (Math.abs(value) >= 1e8) return (value / 1e8).toFixed(2) + " 亿美元";
      if (Math.abs(value) >= 1e4) return (value / 1e4).toFixed(0) + " 万美元";
      return value.toFixed(0) + " 美元";
    }
    if (Math.abs(value) >= 1e9) return "US$ " + (value / 1e9).toFixed(1) + " bn";
    if (Math.abs(value) >= 1e6) return "US$ " + (value / 1e6).toFixed(1) + " m";
    return "US$ " + Math.round(value).toLocaleString("en");
  }

  function format(data) {
    return function (value) {
      if (data.percent) return (value * 100).toFixed(1) + " %";
      return data.money ? money(value) : Math.round(value).toLocaleString(zh ? "zh-CN" : "en");
    };
  }

  function short(label) {
    return label.length > 22 ? label.slice(0, 21) + "…" : label;
  }

  function option(data) {
    var fmt = format(data);
    var tooltip = { trigger: data.type === "treemap" ? "item" : "axis", valueFormatter: fmt };
    if (data.type === "treemap") {
      return {
        tooltip: { formatter: function (p) { return p.name + "<br>" + fmt(p.value); } },
        series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
          label: { formatter: function (p) { return short(p.name); } },
          data: data.labels.map(function (name, i) { return { name: name, value: data.values[i] }; }) }]
      };
    }
    if (data.type === "line") {
      return {
        tooltip: tooltip, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", axisLabel: { formatter: fmt } },
        series: [{ type: "line", name: data.series, data: data.values, smooth: false, symbolSize: 6 }]
      };
    }
    var labels = data.labels.slice().reverse(), values = data.values.slice().reverse();
    return {  // horizontal bars: long agency and supplier names stay readable on a phone
      tooltip: tooltip, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: fmt, hideOverlap: true } },
      yAxis: { type: "category", data: labels, axisLabel: { formatter: short } },
      series: [{ type: "bar", name: data.series, data: values }]
    };
  }

  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var script = document.getElementById(node.getAttribute("data-chart"));
      if (!script) return;
      var data = JSON.parse(script.textContent);
      if (data.type === "bar") node.style.height = Math.max(200, 28 * data.labels.length + 40) + "px";
      var chart = window.echarts.init(node, null, { renderer: "svg" });
      chart.setOption(option(data));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
