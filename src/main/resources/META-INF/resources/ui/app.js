// Orchestra web UI: the history chart (ECharts) and small behaviours; htmx does the live refreshes.
(function () {
  'use strict';

  // The filter form applies a choice as soon as it is made (the tags field waits for Enter or Apply).
  document.addEventListener('change', function (e) {
    var form = e.target.closest('form[data-autosubmit]');
    if (form && e.target.name !== 'tags') {
      form.requestSubmit();
    }
  });

  function stateColor(state) {
    return getComputedStyle(document.documentElement).getPropertyValue('--state-' + state).trim();
  }

  var chart = null;

  function drawHistory(animate) {
    var el = document.getElementById('history-chart');
    var source = document.getElementById('history-data');
    if (!el || !source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (chart && chart.getDom() !== el) {
      chart.dispose();
      chart = null;
    }
    if (!chart) {
      chart = window.echarts.init(el, null, { renderer: 'svg' });
      // lets a reader (or a test taking a screenshot) know the bars are drawn
      chart.on('finished', function () { el.setAttribute('data-rendered', 'true'); });
    }
    var empty = data.series.length === 0;
    chart.setOption({
      animation: animate,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: { left: 44, right: 16, top: 40, bottom: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, left: 0, icon: 'circle', itemWidth: 9, itemHeight: 9, textStyle: { color: '#475569' } },
      title: empty ? { text: 'No runs in this window', left: 'center', top: 'middle',
        textStyle: { color: '#94a3b8', fontSize: 14, fontWeight: 'normal' } } : { show: false },
      xAxis: { type: 'category', data: data.labels, axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5e1' } }, axisLabel: { color: '#64748b' } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#64748b' },
        splitLine: { lineStyle: { color: '#eef1f5' } } },
      series: data.series.map(function (s) {
        return { name: s.name, type: 'bar', stack: 'runs', barMaxWidth: 24, data: s.data,
          itemStyle: { color: stateColor(s.state) }, emphasis: { focus: 'series' } };
      })
    }, true);
  }

  window.addEventListener('resize', function () {
    if (chart) {
      chart.resize();
    }
  });
  document.addEventListener('DOMContentLoaded', function () { drawHistory(true); });
  document.addEventListener('htmx:afterSettle', function () { drawHistory(false); });
})();
