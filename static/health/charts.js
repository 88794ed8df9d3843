// M2.5: draws a sub-account's daily error and opt-out rates with the policy's threshold lines (uPlot).
// The data comes from a json_script element (no inline script, CSP-safe); one chart per [data-health-chart].
(function () {
  "use strict";

  function thresholdPlugin(limits) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#c0392b";
          ctx.fillStyle = "#c0392b";
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1;
          ctx.font = "11px sans-serif";
          limits.forEach(function (limit) {
            var y = Math.round(u.valToPos(limit.value, "y", true));
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.fillText(limit.label, u.bbox.left + 4, y - 4);
          });
          ctx.restore();
        }]
      }
    };
  }

  function draw(el, data) {
    var key = el.getAttribute("data-health-chart");
    var limits = data[key.replace("_rate", "_limits")] || [];
    var values = data[key];
    var top = Math.max.apply(null, values.filter(function (v) { return v !== null; })
      .concat(limits.map(function (l) { return l.value; })).concat([0])) * 1.15 || 1;
    var opts = {
      title: el.getAttribute("data-title"),
      width: Math.max(320, el.clientWidth || 640),
      height: 220,
      plugins: [thresholdPlugin(limits)],
      scales: { x: { time: true }, y: { range: [0, top] } },
      axes: [{}, { values: function (u, ticks) { return ticks.map(function (t) { return t + " %"; }); } }],
      series: [{}, { label: el.getAttribute("data-label"), stroke: "#1f5fbf", width: 2, spanGaps: false,
        value: function (u, v) { return v === null ? "—" : v.toFixed(2) + " %"; } }]
    };
    el.textContent = "";
    /* global uPlot */
    return new uPlot(opts, [data.x, values], el);
  }

  function init() {
    var source = document.getElementById("health-chart-data");
    if (!source || typeof uPlot === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-health-chart]").forEach(function (el) {
      draw(el, data);
      el.setAttribute("data-drawn", "1");
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
