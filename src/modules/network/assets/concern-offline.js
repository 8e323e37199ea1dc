// Offline capture of concerns (the only client script of Quartier's network module).
// Without this script the form posts normally. With it, a submitted concern is first put into a
// queue on the device (localStorage) under its idempotency key, then sent; when the connection is
// gone it waits and is sent when the browser reports the connection back ("online"). The server
// stores each key once, so a retry can never create a second concern.
// Nothing typed is lost: when the server refuses an entry that was just sent, the form keeps every
// value and shows the problems at their fields; an entry refused later (after a time offline), or
// one that cannot be sent, can be taken back into the form to correct it, or discarded.
(() => {
  const form = document.querySelector('form[data-offline-queue]');
  if (!form || !window.localStorage || !window.fetch) return;
  const STORE = `quartier.concerns.${form.getAttribute('data-offline-queue')}`;
  const list = document.getElementById('concern-queue');
  const statusEl = document.getElementById('concern-status');
  const msg = (name, n) => (form.getAttribute(`data-msg-${name}`) || '').replace('{n}', String(n));
  let sending = false;

  const load = () => {
    try {
      const v = JSON.parse(localStorage.getItem(STORE) || '[]');
      return Array.isArray(v) ? v : [];
    } catch (_e) {
      return [];
    }
  };
  const save = (q) => localStorage.setItem(STORE, JSON.stringify(q));
  const drop = (key) => save(load().filter((x) => x.key !== key));
  const newKey = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`;

  const say = (text) => {
    if (statusEl) statusEl.textContent = text;
  };

  // ── Field messages, in the same places and markup as the server puts them ──────────────────
  const control = (name) => {
    const el = form.elements.namedItem(name);
    return el && 'length' in el && !('tagName' in el) ? el[0] : el;
  };
  const labelOf = (name) => {
    const el = control(name);
    if (!el) return name;
    const group = el.closest('fieldset');
    if (el.type === 'radio' && group) return group.querySelector('legend')?.textContent?.trim() || name;
    const label = el.id ? form.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    return label?.firstChild?.textContent?.trim() || label?.textContent?.trim() || name;
  };
  function clearErrors() {
    for (const el of form.querySelectorAll('[data-js-error]')) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    document.getElementById('concern-errors')?.remove();
  }
  function showErrors(fields) {
    clearErrors();
    const names = Object.keys(fields || {});
    if (names.length === 0) return;
    const box = document.createElement('div');
    box.className = 'q-error-summary';
    box.id = 'concern-errors';
    box.tabIndex = -1;
    box.setAttribute('role', 'alert');
    const h = document.createElement('h2');
    h.className = 'q-error-summary__title';
    h.textContent = msg('summary', 0);
    const ul = document.createElement('ul');
    for (const name of names) {
      const el = control(name);
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.textContent = `${labelOf(name)}: ${fields[name]}`;
      if (el?.id) a.href = `#${el.id}`;
      li.appendChild(a);
      ul.appendChild(li);
      if (!el) continue;
      // An error inside a closed <details> would be invisible.
      const details = el.closest('details');
      if (details) details.open = true;
      el.setAttribute('aria-invalid', 'true');
      const p = document.createElement('p');
      p.className = 'kern-error';
      p.setAttribute('data-js-error', '');
      p.textContent = fields[name];
      const where = el.type === 'radio' ? el.closest('fieldset') : el;
      where?.parentNode?.insertBefore(p, where);
    }
    box.append(h, ul);
    form.parentNode.insertBefore(box, form);
    box.focus();
  }

  // ── The form's values in and out ─────────────────────────────────────────────────────────
  function fill(fields) {
    const byName = new Map();
    for (const [k, v] of fields) byName.set(k, [...(byName.get(k) || []), v]);
    for (const el of form.elements) {
      if (!el.name || el.name === '_csrf' || el.type === 'submit') continue;
      const vals = byName.get(el.name) || [];
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = vals.includes(el.value);
      else if (el.name !== 'recordedAt') el.value = vals[0] ?? '';
    }
    const open = (names) => names.some((n) => (byName.get(n) || [''])[0]);
    const [referral, contact] = form.querySelectorAll('details');
    if (referral && open(['referralTarget', 'referralUserId', 'followUpOn'])) referral.open = true;
    if (contact && open(['contactName', 'contactPhone', 'contactEmail'])) contact.open = true;
  }
  function resetForNext() {
    // Ready for the next concern: same place and language, everything else empty, a fresh key.
    const keep = {};
    for (const name of ['venueId', 'seriesId', 'areaId', 'language']) {
      const el = form.elements.namedItem(name);
      if (el && 'value' in el) keep[name] = el.value;
    }
    form.reset();
    for (const name of Object.keys(keep)) form.elements.namedItem(name).value = keep[name];
    const keyInput = form.querySelector('input[name="idempotencyKey"]');
    if (keyInput) keyInput.value = newKey();
    clearErrors();
  }

  // ── The queue on the device ──────────────────────────────────────────────────────────────
  function button(text, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'kern-btn kern-btn--tertiary kern-btn--small';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }
  function edit(item) {
    drop(item.key);
    fill(item.fields);
    render();
    if (item.fieldErrors) showErrors(item.fieldErrors);
    else control('topic')?.focus();
  }
  function discard(item) {
    if (!window.confirm(msg('discardConfirm', 0))) return;
    drop(item.key);
    render();
  }
  function render() {
    if (!list) return;
    const q = load();
    list.hidden = q.length === 0;
    const heading = list.querySelector('[data-queue-heading]');
    if (heading) heading.textContent = msg('waiting', q.length);
    const ul = list.querySelector('ul');
    if (!ul) return;
    ul.textContent = '';
    for (const item of q) {
      const li = document.createElement('li');
      li.setAttribute('data-key', item.key);
      const when = new Date(item.recordedAt);
      const text = document.createElement('span');
      text.textContent = `${item.label} – ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}${item.error ? ` (${msg('rejected', 0)}: ${item.error})` : ''} `;
      li.append(
        text,
        button(msg('edit', 0), () => edit(item)),
        button(msg('discard', 0), () => discard(item)),
      );
      ul.appendChild(li);
    }
  }

  /** 'done', 'retry' (no answer or a server fault: try again later) or the refusal with its field messages. */
  async function sendOne(item) {
    const body = new URLSearchParams(item.fields);
    let res;
    try {
      res = await fetch(form.action, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (_e) {
      return 'retry';
    }
    if (res.status === 200 || res.status === 201) return 'done';
    if (res.status === 422) {
      const data = await res.json().catch(() => null);
      const fields = data?.error?.fields || {};
      return { rejected: Object.values(fields).join(' ') || data?.error?.message || '', fields };
    }
    return 'retry';
  }

  async function flush() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const item of load()) {
        if (item.error) continue;
        const r = await sendOne(item);
        if (r === 'retry') break;
        const q = load();
        const i = q.findIndex((x) => x.key === item.key);
        if (i >= 0) {
          if (r === 'done') q.splice(i, 1);
          else {
            q[i].error = r.rejected;
            q[i].fieldErrors = r.fields;
          }
          save(q);
        }
        if (r === 'done') say(msg('sent', 1));
      }
    } finally {
      sending = false;
      render();
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (sending) return;
    const data = new FormData(form);
    const keyInput = form.querySelector('input[name="idempotencyKey"]');
    const key = keyInput?.value || newKey();
    data.set('idempotencyKey', key);
    data.set('recordedAt', new Date().toISOString());
    const fields = [];
    for (const [k, v] of data.entries()) if (typeof v === 'string') fields.push([k, v]);
    const topic = form.querySelector('[name="topic"]');
    const chosen =
      topic && topic.tagName === 'SELECT'
        ? topic.options[topic.selectedIndex]
        : form.querySelector('[name="topic"]:checked');
    const label = chosen ? chosen.text || chosen.labels?.[0]?.textContent || chosen.value : '';
    const item = { key, fields, label, recordedAt: new Date().toISOString() };
    // On the device first, so a closed tab or a lost connection loses nothing.
    const q = load();
    if (!q.some((x) => x.key === key)) q.push(item);
    save(q);
    if (!navigator.onLine) {
      resetForNext();
      say(msg('offline', q.length));
      render();
      return;
    }
    say(msg('sending', 1));
    sending = true;
    let r;
    try {
      r = await sendOne(item);
    } finally {
      sending = false;
    }
    if (r === 'done') {
      drop(key);
      resetForNext();
      say(msg('sent', 1));
    } else if (r === 'retry') {
      // Kept on the device and sent when the connection is back; the form is free for the next one.
      resetForNext();
      say(msg('offline', load().length));
    } else {
      // Refused: everything stays in the form, with the problems at their fields.
      drop(key);
      say('');
      showErrors(r.fields);
    }
    render();
    flush();
  });

  window.addEventListener('online', () => flush());
  window.addEventListener('offline', () => say(msg('offline', load().length)));
  render();
  flush();
})();
