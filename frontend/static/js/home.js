/* Home: live throughput (numbers, the five-minute chart, per-generator rates) and the demo button's busy state. */
(function () {
    'use strict';
    const D = window.Datagen;
    let chart = null;

    function minutesAgo(startSecond, step, i, now) {
        const ago = now - (startSecond + i * step);
        const m = Math.floor(ago / 60);
        const s = ago % 60;
        return '-' + m + ':' + String(s).padStart(2, '0');
    }

    function draw(t) {
        const canvas = document.getElementById('throughput-chart');
        if (!canvas || typeof Chart === 'undefined') {
            return;
        }
        const s = t.series;
        const labels = s.samplesPerSecond.map((_, i) => minutesAgo(s.startSecond, s.stepSeconds, i, t.epochSecond));
        if (!chart) {
            chart = new Chart(canvas, {
                type: 'line',
                data: {labels, datasets: [{label: 'samples/s', data: s.samplesPerSecond, borderColor: '#1f5fbf',
                    backgroundColor: 'rgba(31, 95, 191, 0.15)', fill: true, pointRadius: 0, tension: 0.25}]},
                options: {animation: false, maintainAspectRatio: false, responsive: true,
                    plugins: {legend: {display: false}},
                    scales: {x: {ticks: {maxTicksLimit: 6}}, y: {beginAtZero: true, title: {display: true, text: 'samples/s'}}}}
            });
        } else {
            chart.data.labels = labels;
            chart.data.datasets[0].data = s.samplesPerSecond;
            chart.update('none');
        }
    }

    function show(t) {
        D.setText(document.getElementById('samples-per-second'), D.fixed(t.global.last10s.samplesPerSecond, 1));
        D.setText(document.getElementById('batches-per-second'), D.fixed(t.global.last10s.batchesPerSecond, 2));
        D.setText(document.getElementById('megabytes-per-second'), D.fixed(t.global.last10s.bytesPerSecond / 1e6, 2));
        D.setText(document.getElementById('samples-per-second-60'), D.fixed(t.global.last60s.samplesPerSecond, 1));
        D.setText(document.getElementById('batches-per-second-60'), D.fixed(t.global.last60s.batchesPerSecond, 2));
        D.setText(document.getElementById('megabytes-per-second-60'), D.fixed(t.global.last60s.bytesPerSecond / 1e6, 2));
        D.setText(document.getElementById('cache-hit-ratio'), D.percent(t.cacheLastMinute.hitRatio));
        D.setText(document.getElementById('cache-hit-ratio-lifetime'), D.percent(t.cacheHitRatio));
        D.setText(document.getElementById('samples-last-5-minutes'), String(t.global.lastFiveMinutes.samples));
        D.showGeneratorRates(t.generators);
        // an empty chart says why it is empty
        const empty = document.getElementById('throughput-empty');
        if (empty) {
            empty.hidden = t.global.lastFiveMinutes.samples > 0;
        }
        draw(t);
    }

    document.addEventListener('DOMContentLoaded', () => {
        const demo = document.getElementById('demo-form');
        if (demo) {
            demo.addEventListener('submit', () => D.busy(demo, true));
        }
        D.poll('/dashboard/api/throughput', 2000, show);
    });
})();
