/*
 * Registration forms: send the same requests as the API's clients (multipart list files, or JSON for class
 * folders) and show the server's problem details next to the field they name (problem.part), or above the
 * form when they name none. Every message is written with textContent.
 */
(function () {
    'use strict';
    const D = window.Datagen;

    function clearErrors(form) {
        form.querySelectorAll('.field-error').forEach(p => {
            p.hidden = true;
            p.textContent = '';
        });
        form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
        const top = form.querySelector('.form-error');
        top.hidden = true;
        top.textContent = '';
    }

    /**
     * The field a problem is about. `part` is a multipart part ("train-label", "train-label.parity"), a form
     * field ("name", "baseDir", "spec" of the list files), a JSON field or path of class folders ("size",
     * "splits.test"), an unknown part ("x-data"), or an input or output name; a field matches its own
     * name, or ends with "." + an input or output name.
     */
    function fieldFor(form, problem) {
        if (typeof problem.part !== 'string') {
            return null;
        }
        const part = problem.part.replace(/^'(.*)'$/, '$1');
        const fields = Array.from(form.querySelectorAll('.field[data-part]'));
        const candidates = [part];
        if (part.startsWith('splits.')) {
            candidates.push('splits.train');
        }
        for (const c of candidates) {
            const exact = fields.find(f => f.dataset.part === c);
            if (exact) {
                return exact;
            }
        }
        return fields.find(f => f.dataset.part && f.dataset.part.endsWith('.' + part)) || null;
    }

    function showError(form, field, message) {
        if (field) {
            const p = field.querySelector('.field-error');
            p.textContent = message;
            p.hidden = false;
            // every control of the field is what the message is about: both Height and Width of "size"
            const controls = field.querySelectorAll('input, textarea, select');
            controls.forEach(c => c.setAttribute('aria-invalid', 'true'));
            if (controls.length > 0) {
                controls[0].focus();
            }
        } else {
            const top = form.querySelector('.form-error');
            top.textContent = message;
            top.hidden = false;
            top.scrollIntoView({block: 'nearest'});
        }
    }

    async function send(form, request) {
        clearErrors(form);
        const status = form.querySelector('.form-status');
        D.setText(status, '');
        D.busy(form, true);
        try {
            const key = document.getElementById('api-key');
            if (key && key.value.trim()) {
                request.headers = Object.assign({}, request.headers, {Authorization: 'Bearer ' + key.value.trim()});
            }
            const response = await fetch(form.action, Object.assign({method: 'POST'}, request));
            let body = null;
            try {
                body = await response.json();
            } catch (e) {
                // not JSON: reported by status below
            }
            if (response.ok && body && body.links) {
                D.setText(status, 'Registered ' + body.name + ': ' + (body.imagesChecked || 0) + ' images checked.');
                window.location.assign(body.links.dashboard);
                return;
            }
            if (body && body.detail) {
                showError(form, fieldFor(form, body), body.detail);
            } else {
                showError(form, null, 'The server answered HTTP ' + response.status + '.');
            }
        } catch (e) {
            showError(form, null, 'The request did not reach the server: ' + e.message);
        } finally {
            D.busy(form, false);
        }
    }

    function listRequest(form) {
        const data = new FormData();
        for (const name of ['name', 'baseDir', 'spec']) {
            const value = form.elements[name].value.trim();
            if (value) {
                data.append(name, value);
            }
        }
        const files = (input, name) => {
            if (input && input.files.length > 0) {
                data.append(name, input.files[0]);
            }
        };
        files(form.elements['train-data'], 'train-data');
        files(form.elements['train-label'], 'train-label');
        form.querySelectorAll('.extra-row').forEach(row => {
            const name = row.querySelector('.part-name').value.trim();
            const file = row.querySelector('.part-file');
            if (name) {
                files(file, name); // rows with only one of the two are refused before sending
            }
        });
        files(form.elements['test-data'], 'test-data');
        files(form.elements['test-label'], 'test-label');
        return data;
    }

    function bindListForm(form) {
        const rows = document.getElementById('extra-rows');
        const template = document.getElementById('extra-row-template');
        document.getElementById('add-part').addEventListener('click', () => {
            const row = template.content.firstElementChild.cloneNode(true);
            const name = row.querySelector('.part-name');
            name.addEventListener('input', () => {
                row.dataset.part = name.value.trim();
            });
            row.querySelector('.remove-part').addEventListener('click', () => row.remove());
            rows.appendChild(row);
            name.focus();
        });
        form.addEventListener('submit', event => {
            event.preventDefault();
            const incomplete = Array.from(form.querySelectorAll('.extra-row')).find(row =>
                !row.querySelector('.part-name').value.trim() !== !(row.querySelector('.part-file').files.length > 0));
            if (incomplete) {
                clearErrors(form);
                showError(form, incomplete, 'Give both a part name and a file, or remove the row.');
                return;
            }
            send(form, {body: listRequest(form), headers: {Accept: 'application/json'}});
        });
    }

    function bindDirectoryForm(form) {
        form.addEventListener('submit', event => {
            event.preventDefault();
            const value = name => form.elements[name].value.trim();
            const body = {name: value('name'), splits: {train: value('train')}};
            if (value('test')) {
                body.splits.test = value('test');
            }
            const height = value('height');
            const width = value('width');
            if (height || width) {
                if (!height || !width) {
                    clearErrors(form);
                    showError(form, form.querySelector('.field[data-part="size"]'), 'Give both height and width, or neither.');
                    return;
                }
                body.size = [Number(height), Number(width)];
            }
            if (value('color')) {
                body.color = value('color');
            }
            send(form, {body: JSON.stringify(body),
                headers: {'Content-Type': 'application/json', Accept: 'application/json'}});
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        bindListForm(document.getElementById('list-form'));
        bindDirectoryForm(document.getElementById('directory-form'));
    });
})();
