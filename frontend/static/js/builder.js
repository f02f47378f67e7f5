/*
 * The generator builder on a dataset's page: turns the form into the API's own request
 * (POST /api/datasets/{name}/generators), keeps the Python and curl snippets equal to it as the form changes,
 * and shows a refusal's detail inside the field block its `field` names (data-field holds each setting's JSON
 * path, e.g. crop.scale), or above the form when it names none. Every message is written with textContent.
 */
(function () {
    'use strict';
    const D = window.Datagen;
    const FRACTION = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*\/\s*((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i;

    /** Reads the form into a request body, collecting what cannot be sent (not a number, half a pair). */
    function read(form) {
        const errors = [];
        const el = id => document.getElementById('gen-' + id);
        const fail = (field, message) => errors.push({field, message});

        function number(id, field, integer) {
            const input = el(id);
            const text = input.value.trim();
            if (input.validity && input.validity.badInput) {
                fail(field, 'Not a number.');
                return undefined;
            }
            if (!text) {
                return undefined;
            }
            const fraction = FRACTION.exec(text);
            const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(text);
            if (!isFinite(value)) {
                fail(field, '\u201c' + text + '\u201d is not a number.');
                return undefined;
            }
            if (integer && !Number.isInteger(value)) {
                fail(field, 'Must be a whole number, got ' + text + '.');
                return undefined;
            }
            if (integer && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
                fail(field, 'Beyond what a browser counts exactly (2^53); use the curl snippet with the number typed in.');
                return undefined;
            }
            return value;
        }

        function list(id, field) {
            const text = el(id).value.trim();
            if (!text) {
                return undefined;
            }
            const values = [];
            for (const token of text.split(/[\s,;]+/).filter(t => t)) {
                const value = Number(token);
                if (!isFinite(value)) {
                    fail(field, '\u201c' + token + '\u201d is not a number.');
                    return undefined;
                }
                values.push(value);
            }
            return values;
        }

        function pair(lo, hi, field) {
            const a = number(lo, field);
            const b = number(hi, field);
            if ((a === undefined) !== (b === undefined)) {
                fail(field, 'Give both values, or neither.');
                return undefined;
            }
            return a === undefined ? undefined : [a, b];
        }

        const put = (target, key, value) => {
            if (value !== undefined && value !== '') {
                target[key] = value;
            }
        };
        const body = {split: el('split').value};
        put(body, 'batchSize', number('batchSize', 'batchSize', true));
        put(body, 'seed', number('seed', 'seed', true));
        if (!el('shuffle').checked) {
            body.shuffle = false;
        }
        if (el('dropLast').checked) {
            body.dropLast = true;
        }
        put(body, 'dtype', el('dtype').value);
        put(body, 'layout', el('layout').value);
        put(body, 'rescale', number('rescale', 'rescale'));
        put(body, 'numShards', number('numShards', 'numShards', true));
        put(body, 'onError', el('onError').value);

        const augment = {};
        if (el('horizontalFlip').checked) {
            augment.horizontalFlip = true;
        }
        if (el('verticalFlip').checked) {
            augment.verticalFlip = true;
        }
        for (const name of ['rotationRange', 'widthShiftRange', 'heightShiftRange', 'zoomRange']) {
            put(augment, name, number(name, 'augment.' + name));
        }
        put(augment, 'brightnessRange', pair('brightnessLo', 'brightnessHi', 'augment.brightnessRange'));
        if (Object.keys(augment).length > 0) {
            body.augment = augment;
        }

        const cropMode = el('cropMode').value;
        if (cropMode) {
            const crop = {mode: cropMode};
            if (cropMode === 'random-resized') {
                put(crop, 'scale', pair('scaleMin', 'scaleMax', 'crop.scale'));
                put(crop, 'ratio', pair('ratioMin', 'ratioMax', 'crop.ratio'));
            } else if (cropMode === 'center') {
                put(crop, 'fraction', number('cropFraction', 'crop.fraction'));
            }
            body.crop = crop;
        }

        const mean = list('mean', 'normalize.mean');
        const std = list('std', 'normalize.std');
        if (mean !== undefined || std !== undefined) {
            body.normalize = {};  // one of the two alone is sent as it is: the API says what is missing
            put(body.normalize, 'mean', mean);
            put(body.normalize, 'std', std);
        }
        for (const kind of ['mixup', 'cutmix']) {
            const alpha = number(kind, kind + '.alpha');
            if (alpha !== undefined) {
                body[kind] = {alpha};
            }
        }

        const samplingMode = el('samplingMode').value;
        if (samplingMode) {
            const sampling = {mode: samplingMode};
            put(sampling, 'output', el('samplingOutput').value);
            if (samplingMode === 'weighted') {
                put(sampling, 'classWeights', list('classWeights', 'sampling.classWeights'));
            }
            put(sampling, 'epochSamples', number('epochSamples', 'sampling.epochSamples', true));
            body.sampling = sampling;
        }
        put(body, 'validationSplit', number('validationSplit', 'validationSplit'));
        put(body, 'subset', el('subset').value);
        put(body, 'splitSeed', number('splitSeed', 'splitSeed', true));
        if (el('stratify').checked) {
            body.stratify = true;
        }
        return {body, errors};
    }

    /** A Python literal of a JSON value (True, False, None; strings as JSON writes them, which Python reads). */
    function py(value) {
        if (value === true) {
            return 'True';
        }
        if (value === false) {
            return 'False';
        }
        if (value === null) {
            return 'None';
        }
        if (Array.isArray(value)) {
            return '[' + value.map(py).join(', ') + ']';
        }
        if (typeof value === 'object') {
            return '{' + Object.entries(value).map(([k, v]) => JSON.stringify(k) + ': ' + py(v)).join(', ') + '}';
        }
        return typeof value === 'string' ? JSON.stringify(value) : String(value);
    }

    function pythonSnippet(facts, body, origin) {
        const args = [JSON.stringify(facts.dataset), JSON.stringify(body.split)];
        for (const [key, value] of Object.entries(body)) {
            if (key !== 'split') {
                args.push(key + '=' + py(value));
            }
        }
        const lines = ['from datagen_client import DataGen', '', 'dg = DataGen(' + JSON.stringify(origin) + ')'];
        if (facts.apiKeyRequired) {
            lines.push('# this service asks for an API key on changes; the Python client does not send one yet');
        }
        lines.push('gen = dg.generator(' + args.join(',\n                   ') + ')');
        lines.push('x, y = gen[0]  # batch 0 of epoch 0, as numpy arrays');
        return lines.join('\n');
    }

    function curlSnippet(facts, body, origin) {
        const quote = text => "'" + text.replace(/'/g, "'\\''") + "'";
        const url = origin + '/api/datasets/' + encodeURIComponent(facts.dataset) + '/generators';
        const lines = ['curl -s -X POST ' + quote(url) + ' \\', "  -H 'Content-Type: application/json' \\"];
        if (facts.apiKeyRequired) {
            lines.push('  -H "Authorization: Bearer $DATAGEN_API_KEY" \\');
        }
        lines.push('  -d ' + quote(JSON.stringify(body, null, 2).replace(/\n/g, '\n     ')));
        return lines.join('\n');
    }

    /**
     * The block a problem is about: its field's own block, else the first block under it ("crop" is
     * crop.mode's), else the block of the field without its index or last part (normalize.mean[1]).
     */
    function blockFor(form, field) {
        const blocks = Array.from(form.querySelectorAll('.field[data-field]'));
        let f = typeof field === 'string' ? field : '';
        while (f) {
            const block = blocks.find(b => b.dataset.field === f) || blocks.find(b => b.dataset.field.startsWith(f + '.'));
            if (block) {
                return block;
            }
            const unindexed = f.replace(/\[\d+\]$/, '');
            f = unindexed !== f ? unindexed : f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '';
        }
        return null;
    }

    function clearErrors(form) {
        form.querySelectorAll('.field-error').forEach(p => {
            p.hidden = true;
            p.textContent = '';
        });
        form.querySelectorAll('[aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
        const top = form.querySelector('.form-error');
        top.hidden = true;
        top.textContent = '';
    }

    function showError(form, field, message) {
        const block = blockFor(form, field);
        if (!block) {
            const top = form.querySelector('.form-error');
            top.textContent = (top.textContent ? top.textContent + ' ' : '') + message;
            top.hidden = false;
            top.scrollIntoView({block: 'nearest'});
            return null;
        }
        block.hidden = false;
        const p = block.querySelector('.field-error');
        p.textContent = message;
        p.hidden = false;
        block.querySelectorAll('input, select, textarea').forEach(c => c.setAttribute('aria-invalid', 'true'));
        return block.querySelector('input, select, textarea');
    }

    /** Shows only the settings of the chosen crop and sampling modes (hidden ones are not sent). */
    function showDependent(form) {
        const crop = document.getElementById('gen-cropMode').value;
        form.querySelectorAll('[data-crop]').forEach(b => {
            b.hidden = b.dataset.crop !== crop;
        });
        const sampling = document.getElementById('gen-samplingMode').value;
        form.querySelectorAll('[data-sampling]').forEach(b => {
            b.hidden = !sampling || !b.dataset.sampling.split(' ').includes(sampling);
        });
        const output = document.getElementById('gen-samplingOutput');
        const chosen = output.selectedOptions[0];
        const weights = document.getElementById('gen-classWeights');
        if (chosen) {
            const classes = Number(chosen.dataset.classes);
            weights.placeholder = classes <= 20 ? Array(classes).fill(1).join(', ') : classes + ' weights';
            D.setText(document.getElementById('gen-classWeights-hint'), 'One non-negative weight per class of '
                + chosen.value + ' (' + classes + '), comma-separated.');
        }
    }

    async function create(form, facts, body) {
        const status = form.querySelector('.form-status');
        D.busy(form, true);
        D.setText(status, 'Creating\u2026');
        try {
            const headers = {'Content-Type': 'application/json', Accept: 'application/json'};
            const key = document.getElementById('gen-apiKey');
            if (key && key.value.trim()) {
                headers.Authorization = 'Bearer ' + key.value.trim();
            }
            const response = await fetch('/api/datasets/' + encodeURIComponent(facts.dataset) + '/generators',
                {method: 'POST', headers, body: JSON.stringify(body)});
            let answer = null;
            try {
                answer = await response.json();
            } catch (e) {
                // not JSON: reported by status below
            }
            if (response.ok && answer && answer.id) {
                D.setText(status, 'Created ' + answer.id + '; opening its page\u2026');
                window.location.assign('/generators/' + encodeURIComponent(answer.id));
                return;
            }
            D.setText(status, '');
            const detail = answer && answer.detail ? answer.detail : 'The server answered HTTP ' + response.status + '.';
            const control = showError(form, answer && (answer.field || answer.parameter), detail);
            if (control) {
                control.focus();
            }
        } catch (e) {
            D.setText(status, '');
            showError(form, null, 'The request did not reach the server: ' + e.message);
        } finally {
            D.busy(form, false);
        }
    }

    async function copy(button, status) {
        const code = document.getElementById(button.dataset.copy);
        try {
            await navigator.clipboard.writeText(code.textContent);
            D.setText(status, 'Copied to the clipboard.');
        } catch (e) {
            // no clipboard outside a secure context: select the text for Ctrl+C instead
            const range = document.createRange();
            range.selectNodeContents(code);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            D.setText(status, 'Selected; press Ctrl+C (or \u2318C) to copy.');
        }
    }

    function bind(form) {
        const facts = JSON.parse(form.dataset.form);
        const origin = window.location.origin;
        const render = () => {
            showDependent(form);
            const {body} = read(form);
            D.setText(document.getElementById('snippet-python'), pythonSnippet(facts, body, origin));
            D.setText(document.getElementById('snippet-curl'), curlSnippet(facts, body, origin));
        };
        form.addEventListener('input', render);
        form.addEventListener('change', render);
        form.addEventListener('reset', () => setTimeout(() => {
            clearErrors(form);
            render();
        }, 0));
        document.getElementById('gen-preset').addEventListener('click', event => {
            document.getElementById('gen-mean').value = event.target.dataset.mean;
            document.getElementById('gen-std').value = event.target.dataset.std;
            const rescale = document.getElementById('gen-rescale');
            if (!rescale.value.trim()) {
                rescale.value = '1/255';
            }
            render();
        });
        const copyStatus = document.querySelector('.copy-status');
        document.querySelectorAll('button.copy').forEach(b => b.addEventListener('click', () => copy(b, copyStatus)));
        form.addEventListener('submit', event => {
            event.preventDefault();
            clearErrors(form);
            const {body, errors} = read(form);
            if (errors.length > 0) {
                const first = errors.map(e => showError(form, e.field, e.message)).find(c => c);
                if (first) {
                    first.focus();
                }
                return;
            }
            create(form, facts, body);
        });
        render();
    }

    document.addEventListener('DOMContentLoaded', () => {
        const form = document.getElementById('builder-form');
        if (form) {
            bind(form);
        }
    });
})();
