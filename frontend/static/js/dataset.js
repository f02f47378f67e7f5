/* Dataset page: label-distribution charts, the mask toggle, live generator rates, and "Read an epoch". */
(function () {
    'use strict';
    const D = window.Datagen;

    function drawDistributions() {
        if (typeof Chart === 'undefined') {
            return; // the tables under the charts still hold every count
        }
        document.querySelectorAll('canvas.distribution').forEach(canvas => {
            const classes = JSON.parse(canvas.dataset.classes);
            const counts = JSON.parse(canvas.dataset.counts);
            new Chart(canvas, {
                type: 'bar',
                data: {labels: classes, datasets: [{label: canvas.dataset.title, data: counts,
                    backgroundColor: '#1f5fbf'}]},
                options: {animation: false, maintainAspectRatio: false, responsive: true,
                    plugins: {legend: {display: false}},
                    scales: {y: {beginAtZero: true, ticks: {precision: 0}, title: {display: true, text: 'samples'}}}}
            });
        });
    }

    function bindMaskToggle() {
        const toggle = document.getElementById('show-masks');
        const grid = document.getElementById('samples');
        if (toggle && grid) {
            toggle.addEventListener('change', () => grid.classList.toggle('hide-masks', !toggle.checked));
        }
    }

    /**
     * Reads every batch of the next epoch of shard 0 as a trainer would (npz), one after another, so the
     * live throughput moves; later epochs come from the decoded-sample cache.
     */
    function bindReaders() {
        document.querySelectorAll('button.read-epoch').forEach(button => {
            let epoch = 0;
            const status = button.parentElement.querySelector('.read-status');
            button.addEventListener('click', async () => {
                const id = button.dataset.generator;
                const batches = Number(button.dataset.batches);
                const shard = Number(button.dataset.shards) > 1 ? '?shard=0' : '';
                const e = epoch++;
                button.disabled = true;
                let bytes = 0;
                try {
                    for (let i = 0; i < batches; i++) {
                        const url = '/api/generators/' + encodeURIComponent(id) + '/epochs/' + e + '/batches/' + i + shard;
                        const response = await fetch(url, {headers: {Accept: 'application/x-npz'}});
                        if (!response.ok) {
                            let detail = 'HTTP ' + response.status;
                            try {
                                detail = (await response.json()).detail || detail;
                            } catch (ignored) {
                                // not a problem detail
                            }
                            throw new Error(detail);
                        }
                        bytes += (await response.arrayBuffer()).byteLength;
                        D.setText(status, 'epoch ' + e + ': ' + (i + 1) + ' of ' + batches + ' batches, '
                            + D.fixed(bytes / 1e6, 2) + ' MB');
                    }
                } catch (err) {
                    D.setText(status, 'epoch ' + e + ' stopped: ' + err.message);
                } finally {
                    button.disabled = false;
                }
            });
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        drawDistributions();
        bindMaskToggle();
        bindReaders();
        const dataset = document.body.dataset.dataset;
        if (document.querySelector('[data-generator-rate]')) {
            D.poll('/dashboard/api/throughput?dataset=' + encodeURIComponent(dataset), 2000,
                t => D.showGeneratorRates(t.generators));
        }
    });
})();
