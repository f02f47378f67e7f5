/* Helpers every dashboard page uses. Data from the server is only ever written with textContent. */
(function () {
    'use strict';

    function fixed(x, digits) {
        return typeof x === 'number' && isFinite(x) ? x.toFixed(digits) : '\u2013';
    }

    function percent(ratio) {
        return typeof ratio === 'number' && isFinite(ratio) ? (ratio * 100).toFixed(1) + '%' : '\u2013';
    }

    function setText(el, text) {
        if (el) {
            el.textContent = text;
        }
    }

    /** Calls onData with the JSON at url now and every `every` ms; skips rounds while the tab is hidden. */
    function poll(url, every, onData) {
        async function tick() {
            if (!document.hidden) {
                try {
                    const response = await fetch(url, {headers: {Accept: 'application/json'}, cache: 'no-store'});
                    if (response.ok) {
                        onData(await response.json());
                    }
                } catch (e) {
                    // the service may be restarting: keep polling
                }
            }
            setTimeout(tick, every);
        }
        tick();
    }

    /** Per-generator live rates into every element marked data-generator-rate / data-generator-total. */
    function showGeneratorRates(generators) {
        const byId = new Map(generators.map(g => [g.generatorId, g]));
        document.querySelectorAll('[data-generator-rate]').forEach(el => {
            const g = byId.get(el.dataset.generatorRate);
            setText(el, fixed(g ? g.stats.last10s.samplesPerSecond : 0, 1));
        });
        document.querySelectorAll('[data-generator-total]').forEach(el => {
            const g = byId.get(el.dataset.generatorTotal);
            setText(el, String(g ? g.stats.lastFiveMinutes.samples : 0));
        });
    }

    /** Disables a form's submit button and shows its data-busy-text while a request runs. */
    function busy(form, on) {
        const button = form.querySelector('button[type="submit"]');
        if (!button) {
            return;
        }
        if (on) {
            button.dataset.idleText = button.textContent;
            button.textContent = button.dataset.busyText || button.textContent;
            button.disabled = true;
        } else {
            button.textContent = button.dataset.idleText || button.textContent;
            button.disabled = false;
        }
    }

    window.Datagen = {fixed, percent, setText, poll, showGeneratorRates, busy};
})();
