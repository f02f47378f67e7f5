/* Dataset page: label-distribution charts, the mask toggle, live generator rates, and "Read an epoch". */
(function () {
    'use strict';
    const D = window.Datagen;

    const KEEP = 20;   // bars of a chart of many classes: the largest ones, then "other"
    const LIMIT = 25;  // up to this many classes, every class has its bar

    /** The longest start of `text` that, followed by an ellipsis, is at most `budget` pixels wide in `ctx`'s font. */
    function ellipsize(ctx, text, budget) {
        if (ctx.measureText(text).width <= budget) {
            return text;
        }
        let lo = 0;
        let hi = text.length;
        while (lo < hi) {
            const mid = Math.ceil((lo + hi) / 2);
            if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.slice(0, lo).trimEnd() + '\u2026';
    }

    /**
     * Class names as tick labels of the class axis, cut with an ellipsis to fit. Chart.js gives a vertical axis
     * at most half the chart's width and draws a longer label past the canvas' left edge, so a long class name
     * lost its start ("n a rather long descriptive name..."); its end is the part one can spare. The full name
     * stays in the data, so the bar's tooltip, the canvas' title (see bindClassTitles) and the table show all of it.
     */
    function classTicks(horizontal) {
        return {
            autoSkip: !horizontal,
            callback(value) {
                const label = String(this.getLabelForValue(value));
                // beside the bars: under half the width, less the tick marks and padding; below them: a third
                // of the height, as Chart.js may turn the labels up to 50 degrees
                const budget = horizontal ? this.chart.width * 0.45 - 16 : this.chart.height * 0.33;
                const ctx = this.ctx;
                ctx.save();
                ctx.font = Chart.helpers.toFont(this.options.ticks.font).string;
                const shown = ellipsize(ctx, label, Math.max(40, budget));
                ctx.restore();
                return shown;
            }
        };
    }

    /**
     * A pointer over a class label shows the class's full name as the canvas' title (the browser's tooltip):
     * a canvas has no element per label to carry one. Its own listener, as Chart.js' onHover hears only the
     * chart area, which the labels are outside of.
     */
    function bindClassTitles(chart) {
        const canvas = chart.canvas;
        canvas.addEventListener('mousemove', event => {
            const box = canvas.getBoundingClientRect();
            const x = event.clientX - box.left;
            const y = event.clientY - box.top;
            const axis = chart.options.indexAxis === 'y' ? chart.scales.y : chart.scales.x;
            const over = x >= axis.left && x <= axis.right && y >= axis.top && y <= axis.bottom;
            const label = over ? chart.data.labels[Math.round(axis.getValueForPixel(axis.isHorizontal() ? x : y))] : undefined;
            if (label === undefined) {
                canvas.removeAttribute('title');
            } else {
                canvas.setAttribute('title', String(label));
            }
        });
        canvas.addEventListener('mouseleave', () => canvas.removeAttribute('title'));
        return chart;
    }

    /** A bar chart of class values; with many classes, horizontal bars of the largest and "other". */
    function barChart(canvas, labels, series, many, percent) {
        if (many) {
            canvas.parentElement.style.height = (labels.length * 22 + 70) + 'px';
        }
        const value = {beginAtZero: true, ticks: percent ? {callback: v => Math.round(v * 1000) / 10 + '%'} : {precision: 0},
            title: {display: true, text: percent ? 'share' : 'samples'}};
        if (percent) {
            value.max = 1;
        }
        return bindClassTitles(new Chart(canvas, {
            type: 'bar',
            data: {labels, datasets: series},
            options: {animation: false, maintainAspectRatio: false, responsive: true, indexAxis: many ? 'y' : 'x',
                plugins: {legend: {display: series.length > 1}},
                scales: many ? {x: value, y: {ticks: classTicks(true)}} : {x: {ticks: classTicks(false)}, y: value}}
        }));
    }

    function note(figure, shown, rest, total, what) {
        const p = figure.querySelector('.chart-note');
        p.textContent = 'The ' + shown + ' classes with the most ' + what + ', and the other ' + rest
            + ' together as \u201cother\u201d; the table lists all ' + total.toLocaleString('en') + '.';
        p.hidden = false;
    }

    function drawDistributions() {
        if (typeof Chart === 'undefined') {
            return; // the tables under the charts still hold every count
        }
        document.querySelectorAll('canvas.distribution').forEach(canvas => {
            const classes = JSON.parse(canvas.dataset.classes);
            const counts = JSON.parse(canvas.dataset.counts);
            const top = D.topClasses(counts, KEEP, LIMIT);
            const labels = top.indices.map(i => classes[i]);
            const data = top.indices.map(i => counts[i]);
            if (top.rest > 0) {
                labels.push('other (' + top.rest + ' classes)');
                data.push(top.other);
                note(canvas.closest('figure'), top.indices.length, top.rest, classes.length, 'samples');
            }
            barChart(canvas, labels, [{label: canvas.dataset.title, data, backgroundColor: '#1f5fbf'}], top.rest > 0, false);
        });
    }

    /** Filters a long class table as one types. */
    function bindFilters() {
        document.querySelectorAll('input[data-filter]').forEach(input => {
            const rows = Array.from(document.getElementById(input.dataset.filter).tBodies[0].rows);
            input.addEventListener('input', () => {
                const q = input.value.trim().toLowerCase();
                rows.forEach(r => {
                    r.hidden = q !== '' && !r.cells[0].textContent.toLowerCase().includes(q);
                });
            });
        });
    }

    function share(v) {
        if (typeof v !== 'number') {
            return '\u2013';
        }
        return v > 0 && v < 0.0001 ? '<0.01%' : (v * 100).toFixed(2) + '%';
    }

    function element(tag, attrs, text) {
        const e = document.createElement(tag);
        Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    /** One mask output in one split: the share of pixels of each class and of images containing it. */
    function maskFigure(output, split, images, stats, colours) {
        const id = 'masks-' + output.name + '-' + split;
        const figure = element('figure', {'class': 'card chart mask-chart', 'data-output': output.name, 'data-split': split});
        const caption = element('figcaption');
        caption.append(element('code', {}, output.name), ' \u00b7 ' + split + ' (' + images + ' masks)');
        figure.append(caption, element('p', {'class': 'hint chart-note', hidden: ''}));
        const box = element('div', {'class': 'chart-box'});
        const canvas = element('canvas', {id, 'class': 'mask-shares', role: 'img',
            'aria-label': 'Share of pixels of each class, and of masks containing it, of ' + output.name + ' in ' + split});
        box.append(canvas);
        const details = element('details');
        details.append(element('summary', {}, output.classes > LIMIT ? 'All ' + output.classes + ' classes' : 'Shares'));
        const wrap = element('div', {'class': 'table-wrap counts-wrap'});
        const table = element('table', {'class': 'counts', id: id + '-table'});
        const head = element('tr');
        head.append(element('th', {scope: 'col'}, 'Class'), element('th', {scope: 'col', 'class': 'number'}, 'Pixels'),
            element('th', {scope: 'col', 'class': 'number'}, 'Masks containing it'));
        table.append(element('thead'), element('tbody'));
        table.tHead.append(head);
        stats.pixels.forEach((p, k) => {
            const row = element('tr');
            const name = element('td');
            name.append(D.swatch(colours, k), D.className(output, k));
            row.append(name,
                element('td', {'class': 'number', title: String(p)}, share(p)),
                element('td', {'class': 'number', title: String(stats.images[k])}, share(stats.images[k])));
            table.tBodies[0].append(row);
        });
        wrap.append(table);
        details.append(wrap);
        figure.append(box, details);
        return {figure, canvas};
    }

    async function drawMaskStatistics() {
        const status = document.getElementById('mask-status');
        if (!status) {
            return;
        }
        let d;
        try {
            const response = await fetch('/api/datasets/' + encodeURIComponent(document.body.dataset.dataset),
                {headers: {Accept: 'application/json'}});
            if (!response.ok) {
                throw new Error('HTTP ' + response.status);
            }
            d = await response.json();
        } catch (e) {
            D.setText(status, 'The mask statistics could not be read: ' + e.message + '.');
            return;
        }
        const grid = document.getElementById('mask-charts');
        let drawn = 0;
        for (const [split, info] of Object.entries(d.splits || {})) {
            for (const output of (d.outputs || []).filter(o => o.kind === 'mask')) {
                const stats = info.masks && info.masks[output.name];
                if (!stats || !Array.isArray(stats.pixels)) {
                    continue;
                }
                const colours = JSON.parse(document.getElementById('mask-statistics').dataset.colors || '[]');
                const {figure, canvas} = maskFigure(output, split, info.samples, stats, colours);
                grid.append(figure);
                drawn++;
                if (typeof Chart === 'undefined') {
                    continue;
                }
                const top = D.topClasses(stats.pixels, KEEP, LIMIT);
                const labels = top.indices.map(k => D.className(output, k));
                const pixels = top.indices.map(k => stats.pixels[k]);
                const images = top.indices.map(k => stats.images[k]);
                if (top.rest > 0) {
                    labels.push('other (' + top.rest + ' classes)');
                    pixels.push(top.other);
                    images.push(null); // a share of masks does not add up over classes
                    note(figure, top.indices.length, top.rest, stats.pixels.length, 'pixels');
                }
                barChart(canvas, labels, [{label: 'pixels', data: pixels, backgroundColor: '#1f5fbf'},
                    {label: 'masks containing it', data: images, backgroundColor: '#f0a020'}], top.rest > 0, true);
            }
        }
        status.hidden = drawn > 0;
        D.setText(status, drawn > 0 ? '' : 'This server does not report mask statistics '
            + '(splits.<split>.masks in GET /api/datasets/' + d.name + ').');
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
        drawMaskStatistics();
        bindFilters();
        bindMaskToggle();
        bindReaders();
        const dataset = document.body.dataset.dataset;
        if (document.querySelector('[data-generator-rate]')) {
            D.poll('/dashboard/api/throughput?dataset=' + encodeURIComponent(dataset), 2000,
                t => D.showGeneratorRates(t.generators));
        }
    });
})();
