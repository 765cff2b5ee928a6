/* The dashboard's charts (Chart.js, served by the app): the monthly trend and the roadmaps'
   targets against what is achieved. The numbers come from the page's json_script element and
   are also printed in the tables under each chart. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#b42318", "#175cd3", "#067647", "#b54708", "#6941c6"];
  var common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
  };
  var trend = document.getElementById("trend-chart");
  if (trend) {
    new window.Chart(trend, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return {
            label: s.label,
            data: s.values,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            tension: 0.2
          };
        })
      },
      options: common
    });
  }
  var roadmap = document.getElementById("roadmap-chart");
  if (roadmap && data.roadmaps.length) {
    new window.Chart(roadmap, {
      type: "bar",
      data: {
        labels: data.roadmaps.map(function (r) { return r.label; }),
        datasets: [
          {
            label: roadmap.dataset.expected,
            data: data.roadmaps.map(function (r) { return r.expected; }),
            backgroundColor: "#98a2b3"
          },
          {
            label: roadmap.dataset.actual,
            data: data.roadmaps.map(function (r) { return r.actual; }),
            backgroundColor: "#067647"
          }
        ]
      },
      options: common
    });
  }
  // Charts drawn for the screen are redrawn at the page's width when printing.
  window.addEventListener("beforeprint", function () {
    Object.values(window.Chart.instances || {}).forEach(function (c) { c.resize(); });
  });
})();
