/*
 * Training progress, polled every 2 seconds: on a generator's page the last (epoch, batch) served per shard
 * with a bar for the current epoch and the rate (GET /api/generators/{id}/progress); on the home page the
 * trainers panel, every generator that served a batch recently (GET /api/trainers). A trainer that stopped
 * says when and where; a generator deleted while its page is open (or whose dataset was) says so. Every value
 * is written with textContent.
 */
(function () {
    'use strict';
    const D = window.Datagen;

    function element(tag, attrs, text) {
        const e = document.createElement(tag);
        Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    function clock(iso) {
        return new Date(iso).toLocaleTimeString('en-GB');
    }

    /** A bar for the current epoch: batches served of the epoch's dealing (batch is counted from 0). */
    function bar(shard, label) {
        const cell = element('td', {'class': 'epoch-progress'});
        const done = Math.min(shard.batch + 1, shard.batches);
        const progress = element('progress', {max: String(Math.max(1, shard.batches)), value: String(done),
            'aria-label': label + ': ' + done + ' of ' + shard.batches + ' batches'});
        cell.append(progress, element('span', {'class': 'hint'}, ' ' + done + ' of ' + shard.batches));
        return cell;
    }

    /** Where a stopped trainer stands: each shard's last batch, "epoch 2, batch 14 (shard 0)". */
    function where(p) {
        return p.shards.map(s => 'epoch ' + s.epoch + ', batch ' + s.batch
            + (p.shards.length > 1 ? ' of shard ' + s.shard : '')).join('; ');
    }

    function status(p, now) {
        if (!p.lastServedAt || !p.shards || p.shards.length === 0) {
            return 'No batch of this generator has been served since the service started. Read one from a trainer '
                + '(or \u201cRead an epoch\u201d on its dataset\u2019s page) and its progress shows here.';
        }
        const when = clock(p.lastServedAt) + ' (' + D.ago(Date.parse(p.lastServedAt), now) + ')';
        return p.active ? 'Reading now: the last batch was served at ' + when + ': ' + where(p) + '.'
            : 'Stopped: nothing served for a minute; the last batch was served at ' + when + ': ' + where(p) + '.';
    }

    function generatorPanel(section) {
        const text = document.getElementById('progress-status');
        const wrap = document.getElementById('progress-table-wrap');
        const body = document.querySelector('#progress-table tbody');
        const stop = D.poll(section.dataset.progress, 2000, (p, response) => {
            const now = D.serverNow(response);
            section.classList.toggle('active', !!p.active);
            D.setText(text, status(p, now));
            const shards = p.shards || [];
            wrap.hidden = shards.length === 0;
            body.replaceChildren(...shards.map(s => {
                const row = element('tr', {'data-shard': s.shard});
                row.append(element('td', {}, String(s.shard)),
                    element('td', {'class': 'number', 'data-epoch': s.epoch}, String(s.epoch)),
                    element('td', {'class': 'number', 'data-batch': s.batch}, String(s.batch)),
                    bar(s, 'shard ' + s.shard + ', epoch ' + s.epoch),
                    // a stopped trainer reads nothing, whatever is left of its last minute
                    element('td', {'class': 'number'}, p.active ? D.fixed(s.samplesPerSecond, 1) : '\u2013'),
                    element('td', {}, s.servedAt ? clock(s.servedAt) + ' (' + D.ago(Date.parse(s.servedAt), now) + ')' : '\u2013'));
                return row;
            }));
        }, code => {
            if (code !== 404) {
                D.setText(text, 'The progress could not be read (HTTP ' + code + ').');
                return;
            }
            // The server rendered this page for this generator, and serves the progress endpoint with it, so a
            // 404 means the generator (or its dataset, which takes its generators along) was deleted since.
            // The last table and the "active" border described a generator that is gone: clear them, and stop
            // asking (a deleted generator's id does not come back).
            stop();
            section.classList.remove('active');
            wrap.hidden = true;
            body.replaceChildren();
            D.setText(text, 'This generator (or its dataset) was deleted.');
        });
    }

    function trainersPanel(section) {
        const text = document.getElementById('trainers-status');
        const wrap = document.getElementById('trainers-table-wrap');
        const body = document.querySelector('#trainers-table tbody');
        D.poll('/api/trainers', 2000, (list, response) => {
            const now = D.serverNow(response);
            const trainers = Array.isArray(list) ? list : [];
            wrap.hidden = trainers.length === 0;
            const active = trainers.filter(p => p.active).length;
            const stopped = trainers.length - active;
            D.setText(text, trainers.length === 0
                ? 'No trainer has read a batch in the last hour. Trainers appear here while they read, with their epoch, batch and rate.'
                : (active === 0 ? 'No trainer is reading now' : active + (active === 1 ? ' generator is' : ' generators are')
                    + ' serving trainers') + (stopped > 0 ? '; ' + stopped + ' stopped within the hour.' : '.'));
            body.replaceChildren(...trainers.map(p => {
                const row = element('tr', {'data-generator': p.generator, 'class': p.active ? 'active' : 'stopped'});
                const link = element('a', {href: '/generators/' + encodeURIComponent(p.generator)});
                link.append(element('code', {'class': 'id'}, p.generator));
                const shards = p.shards || [];
                const rate = shards.reduce((sum, s) => sum + (s.samplesPerSecond || 0), 0);
                const first = shards[0];
                const generatorCell = element('td');
                generatorCell.append(link);
                row.append(element('td', {}, p.dataset), generatorCell,
                    element('td', {'class': 'where'}, where(p)),
                    first ? bar(first, p.generator + (shards.length > 1 ? ' shard ' + first.shard : ''))
                        : element('td', {}, '\u2013'),
                    element('td', {'class': 'number'}, p.active ? D.fixed(rate, 1) : '\u2013'),
                    element('td', {}, (p.active ? 'reading' : 'stopped') + (p.lastServedAt
                        ? ', ' + D.ago(Date.parse(p.lastServedAt), now) : '')));
                return row;
            }));
        }, code => D.setText(text, code === 404 ? 'This server does not report trainers (GET /api/trainers answered 404).'
            : 'The trainers could not be read (HTTP ' + code + ').'));
    }

    document.addEventListener('DOMContentLoaded', () => {
        const generator = document.getElementById('progress');
        if (generator) {
            generatorPanel(generator);
        }
        const trainers = document.getElementById('trainers');
        if (trainers) {
            trainersPanel(trainers);
        }
    });
})();
