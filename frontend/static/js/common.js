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

    /**
     * Calls onData with the JSON at url (and the response) now and every `every` ms; skips rounds while the tab
     * is hidden. onFailure, when given, hears of an answer that is not 2xx (its status). Returns a function that
     * stops the polling (for an answer that will not change, such as a deleted generator's 404).
     */
    function poll(url, every, onData, onFailure) {
        let stopped = false;
        async function tick() {
            if (stopped) {
                return;
            }
            if (!document.hidden) {
                try {
                    const response = await fetch(url, {headers: {Accept: 'application/json'}, cache: 'no-store'});
                    if (response.ok) {
                        onData(await response.json(), response);
                    } else if (onFailure) {
                        onFailure(response.status);
                    }
                } catch (e) {
                    // the service may be restarting: keep polling
                }
            }
            if (!stopped) {
                setTimeout(tick, every);
            }
        }
        tick();
        return () => {
            stopped = true;
        };
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

    /** A class as the pages name it: its index, and its name when one is known and says more, "3 (three)". */
    function className(output, k) {
        const names = output && output.classNames;
        return names && k < names.length && names[k] !== String(k) ? k + ' (' + names[k] + ')' : String(k);
    }

    /**
     * What a chart of many classes shows: the `keep` largest (ties by index), then the rest summed as one
     * "other" bar, so 1,000 classes stay readable; with at most `limit` classes, every one in order.
     * `indices` are the classes shown, in the chart's order; `rest` how many "other" holds.
     */
    function topClasses(values, keep, limit) {
        const all = values.map((_, i) => i);
        if (values.length <= limit) {
            return {indices: all, rest: 0, other: 0};
        }
        all.sort((a, b) => values[b] - values[a] || a - b);
        const rest = all.slice(keep);
        return {indices: all.slice(0, keep), rest: rest.length, other: rest.reduce((sum, i) => sum + values[i], 0)};
    }

    /** How long ago an instant was, in words: "4 s ago", "3 min ago", "2 h ago". */
    function ago(then, now) {
        const seconds = Math.max(0, Math.round((now - then) / 1000));
        if (seconds < 60) {
            return seconds + ' s ago';
        }
        if (seconds < 90 * 60) {
            return Math.round(seconds / 60) + ' min ago';
        }
        return Math.round(seconds / 3600) + ' h ago';
    }

    /** The server's clock from a response's Date header (so "ago" does not depend on this machine's), else ours. */
    function serverNow(response) {
        const date = response && Date.parse(response.headers.get('Date'));
        return isFinite(date) ? date : Date.now();
    }

    /** A small square in a mask class's overlay colour (class 0, the background, is drawn transparent). */
    function swatch(colours, k) {
        const span = document.createElement('span');
        span.className = 'swatch' + (k === 0 ? ' transparent' : '');
        span.setAttribute('aria-hidden', 'true');
        if (k > 0 && colours.length > 0) {
            span.style.background = colours[(k - 1) % colours.length];
        }
        return span;
    }

    window.Datagen = {swatch, fixed, percent, setText, poll, showGeneratorRates, busy, className, topClasses, ago, serverNow};
})();
