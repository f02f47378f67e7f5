/*
 * The batch preview on a generator's page: batch i of epoch e of shard k as the trainer receives it. Which
 * samples, their labels and the MixUp/CutMix mixing come from the batch's JSON view; the pixels from one PNG
 * tile per sample and array (GET .../batches/{i}/samples/{j}/{array}), rendered by the service from the very
 * arrays the payload holds. Nothing is recomputed here, so what is drawn is what the API serves.
 */
(function () {
    'use strict';
    const D = window.Datagen;
    let model;
    let state;
    let loading = 0;  // the latest request; an older answer arriving late is dropped

    const $ = id => document.getElementById(id);

    function query() {
        return model.batches.length > 1 ? '?shard=' + state.shard : '';
    }

    function batchPath() {
        return '/api/generators/' + encodeURIComponent(model.generator) + '/epochs/' + state.epoch + '/batches/' + state.batch;
    }

    function tileUrl(j, array) {
        return batchPath() + '/samples/' + j + '/' + encodeURIComponent(array) + query();
    }

    function originalUrl(index, field, overlay) {
        return '/api/datasets/' + encodeURIComponent(model.dataset) + '/splits/' + encodeURIComponent(model.split)
            + '/samples/' + index + '/' + encodeURIComponent(field) + (overlay ? '?format=overlay' : '');
    }

    /** A label row in words: the one class, or each class it holds with its share when mixed or multilabel. */
    function labelText(output, row) {
        const on = row.map((v, k) => [k, v]).filter(([, v]) => v !== 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        if (on.length === 0) {
            return 'none';
        }
        if (on.length === 1 && on[0][1] === 1) {
            return D.className(output, on[0][0]);
        }
        return on.map(([k, v]) => D.className(output, k) + ' ' + Math.round(v * 1000) / 10 + '%').join(' + ');
    }

    function element(tag, attrs, text) {
        const e = document.createElement(tag);
        Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    /** An image that, when the service refuses it, says why in its place (the problem's detail). */
    function image(attrs) {
        const img = element('img', Object.assign({decoding: 'async'}, attrs));
        img.addEventListener('error', async () => {
            let why = 'not available';
            try {
                const answer = await fetch(img.src, {headers: {Accept: 'application/problem+json'}});
                why = (await answer.json()).detail || 'HTTP ' + answer.status;
            } catch (e) {
                // keep the short reason
            }
            const note = element('span', {'class': 'tile-error'}, why);
            img.replaceWith(note);
        });
        return img;
    }

    function stack(ratio, extraClass) {
        const s = element('div', {'class': 'stack' + (extraClass ? ' ' + extraClass : '')});
        s.style.aspectRatio = ratio;
        return s;
    }

    /** CutMix's box, [y0, x0, y1, x1] on the first input, drawn at the same relative place on every tile. */
    function box(b, lambda) {
        const first = model.inputs[0];
        const div = element('div', {'class': 'mix-box', 'aria-hidden': 'true'});
        div.style.top = (100 * b[0] / first.height) + '%';
        div.style.left = (100 * b[1] / first.width) + '%';
        div.style.height = (100 * (b[2] - b[0]) / first.height) + '%';
        div.style.width = (100 * (b[3] - b[1]) / first.width) + '%';
        div.title = 'pasted from the partner; the sample keeps ' + Math.round(lambda * 1000) / 10 + '%';
        return div;
    }

    function sampleCard(j, index, batch) {
        const masks = model.outputs.filter(o => o.kind === 'mask');
        const labels = model.outputs.filter(o => o.kind !== 'mask' && batch.labels && batch.labels[o.name])
            .map(o => ({output: o.name, text: labelText(o, batch.labels[o.name][j])}));
        const mixed = batch.mix && batch.mix.samples ? batch.mix.samples[j] : null;
        const words = labels.map(l => (labels.length > 1 ? l.output + ' ' : '') + l.text).join(', ');
        const mixWords = mixed ? ', mixed with sample ' + mixed.partnerSample + ' (\u03bb ' + mixed.lambda.toFixed(3) + ')' : '';

        const li = element('li', {'class': 'preview-sample', 'data-position': j, 'data-sample': index});
        const pictures = element('div', {'class': 'pictures'});
        model.inputs.forEach((input, i) => {
            const figure = element('figure', {'class': 'picture', 'data-input': input.name});
            const pair = element('div', {'class': 'pair'});
            const tile = stack(input.width + ' / ' + input.height, 'tile-stack');
            tile.append(image({'class': 'tile', src: tileUrl(j, input.name), 'data-array': input.name,
                alt: model.split + ' sample ' + index + ', ' + input.name + (words ? ', label ' + words : '') + mixWords}));
            if (i === 0) {
                masks.forEach(m => tile.append(image({'class': 'mask-overlay', src: tileUrl(j, m.name), 'data-mask': m.name,
                    alt: 'mask ' + m.name + ' of sample ' + index})));
            }
            if (mixed && mixed.box) {
                tile.append(box(mixed.box, mixed.lambda));
            }
            const original = stack('1 / 1', 'original');
            original.append(image({'class': 'original-image', src: originalUrl(index, input.name), loading: 'lazy',
                alt: 'original of ' + model.split + ' sample ' + index + ', ' + input.name}));
            if (i === 0) {
                masks.forEach(m => original.append(image({'class': 'mask-overlay', src: originalUrl(index, m.name, true),
                    loading: 'lazy', alt: 'original mask ' + m.name + ' of sample ' + index})));
            }
            pair.append(tile, original);
            figure.append(pair);
            if (model.inputs.length > 1) {
                figure.append(element('figcaption', {}, input.name));
            }
            pictures.append(figure);
        });
        const caption = element('p', {'class': 'sample-index'});
        const link = element('a', {href: model.datasetHref + '?split=' + encodeURIComponent(model.split) + '&sample=' + index},
            'sample ' + index);
        caption.append('#' + j + ' \u00b7 ', link);
        const dl = element('dl', {'class': 'labels'});
        labels.forEach(l => {
            const row = element('div');
            row.append(element('dt', {}, l.output), element('dd', {'class': 'label', 'data-output': l.output}, l.text));
            dl.append(row);
        });
        li.append(pictures, caption, dl);
        if (mixed) {
            li.append(element('p', {'class': 'mix-note'}, 'with #' + mixed.partner + ' (sample ' + mixed.partnerSample
                + '), \u03bb ' + mixed.lambda.toFixed(3)));
        }
        return li;
    }

    function describeMix(mix, size) {
        const p = $('preview-mix');
        if (!mix) {
            p.hidden = true;
            return;
        }
        const lambda = mix.lambda.toFixed(3);
        p.textContent = mix.kind === 'cutmix'
            ? 'CutMix, \u03bb = ' + lambda + ': each sample i has the box [y0, x0, y1, x1] = [' + mix.box.join(', ')
                + '] (dashed) pasted from sample ' + (size - 1) + '\u2212i of the batch; labels mixed by the box\u2019s area.'
            : 'MixUp, \u03bb = ' + lambda + ': each sample i is ' + lambda + ' of itself and ' + (1 - mix.lambda).toFixed(3)
                + ' of sample ' + (size - 1) + '\u2212i of the batch, labels too.';
        p.hidden = false;
    }

    function describeSkipped(skipped) {
        const p = $('preview-skipped');
        p.hidden = !skipped || skipped.length === 0;
        if (!p.hidden) {
            p.textContent = skipped.map(s => 'Sample ' + s.index + ' is unreadable (' + s.reason + '); sample '
                + s.replacement + ' took its place.').join(' ');
        }
    }

    function sync() {
        $('preview-epoch').value = state.epoch;
        $('preview-batch').value = state.batch;
        $('preview-shard').value = String(state.shard);
        $('preview-batch').max = model.batches[state.shard] - 1;
        D.setText($('preview-batches'), String(model.batches[state.shard]));
        $('previous-batch').disabled = state.epoch === 0 && state.batch === 0;
        const url = new URL(window.location.href);
        url.searchParams.set('epoch', state.epoch);
        url.searchParams.set('batch', state.batch);
        url.searchParams.set('shard', state.shard);
        history.replaceState(null, '', url);
    }

    async function show() {
        sync();
        const mine = ++loading;
        const where = 'epoch ' + state.epoch + ', batch ' + state.batch + ' of ' + model.batches[state.shard]
            + (model.batches.length > 1 ? ' (shard ' + state.shard + ' of ' + model.batches.length + ')' : '');
        D.setText($('preview-status'), 'Loading ' + where + '\u2026');
        const grid = $('preview-grid');
        let batch;
        try {
            const response = await fetch(batchPath() + query(), {headers: {Accept: 'application/json'}});
            const body = await response.json();
            if (!response.ok) {
                throw new Error(body.detail || 'HTTP ' + response.status);
            }
            batch = body;
        } catch (e) {
            if (mine === loading) {
                grid.replaceChildren();
                describeMix(null);
                describeSkipped(null);
                D.setText($('preview-status'), 'The batch could not be read: ' + e.message);
            }
            return;
        }
        if (mine !== loading) {
            return;
        }
        grid.replaceChildren(...batch.indices.map((index, j) => sampleCard(j, index, batch)));
        grid.dataset.epoch = state.epoch;
        grid.dataset.batch = state.batch;
        grid.dataset.shard = state.shard;
        describeMix(batch.mix, batch.indices.length);
        describeSkipped(batch.skipped);
        D.setText($('preview-status'), 'Showing ' + where + ': ' + batch.indices.length + ' samples.');
    }

    function go(epoch, batch, shard) {
        const k = shard === undefined ? state.shard : shard;
        state = {epoch: Math.max(0, epoch), batch: Math.max(0, Math.min(batch, model.batches[k] - 1)), shard: k};
        show();
    }

    /** The overlay colour of each mask class, for masks of up to 25 classes (beyond, the table on the dataset page). */
    function legend() {
        const list = $('preview-legend');
        if (!list) {
            return;
        }
        const colours = JSON.parse(list.dataset.colors || '[]');
        model.outputs.filter(o => o.kind === 'mask' && o.classes <= 25).forEach(o => {
            for (let k = 1; k < o.classes; k++) {
                const item = element('li');
                item.append(D.swatch(colours, k), (model.outputs.length > 1 ? o.name + ' ' : '') + D.className(o, k));
                list.append(item);
            }
        });
        list.hidden = list.children.length === 0;
    }

    function bind() {
        $('next-batch').addEventListener('click', () => state.batch + 1 < model.batches[state.shard]
            ? go(state.epoch, state.batch + 1) : go(state.epoch + 1, 0));
        $('previous-batch').addEventListener('click', () => state.batch > 0
            ? go(state.epoch, state.batch - 1) : go(state.epoch - 1, Number.MAX_SAFE_INTEGER));
        $('next-epoch').addEventListener('click', () => go(state.epoch + 1, state.batch));
        $('other-shard').addEventListener('click', () => go(state.epoch, state.batch, (state.shard + 1) % model.batches.length));
        $('preview-form').addEventListener('submit', event => {
            event.preventDefault();
            const whole = id => Math.floor(Number($(id).value) || 0);
            go(whole('preview-epoch'), whole('preview-batch'), Number($('preview-shard').value) || 0);
        });
        const grid = $('preview-grid');
        const masks = $('preview-masks');
        if (masks) {
            masks.addEventListener('change', () => grid.classList.toggle('hide-masks', !masks.checked));
        }
        const originals = $('preview-originals');
        originals.addEventListener('change', () => grid.classList.toggle('with-originals', originals.checked));
        grid.classList.toggle('with-originals', originals.checked);
    }

    document.addEventListener('DOMContentLoaded', () => {
        model = JSON.parse(document.body.dataset.preview);
        state = {epoch: model.start.epoch, batch: model.start.batch, shard: model.start.shard};
        bind();
        legend();
        show();
    });
})();
