// Offline capture of concerns (the only client script of Quartier's network module).
// Without this script the form posts normally. With it, a submitted concern is first put into a
// queue on the device (localStorage) under its idempotency key, then sent; when the connection is
// gone it waits and is sent when the browser reports the connection back ("online"). The server
// stores each key once, so a retry can never create a second concern.
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
  const newKey = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`;

  const say = (text) => {
    if (statusEl) statusEl.textContent = text;
  };

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
      li.textContent = `${item.label} – ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}${item.error ? ` (${item.error})` : ''}`;
      ul.appendChild(li);
    }
  }

  async function sendOne(item) {
    const body = new URLSearchParams(item.fields);
    const res = await fetch(form.action, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (res.status === 200 || res.status === 201) return 'done';
    if (res.status === 422) {
      const data = await res.json().catch(() => null);
      const fields = data?.error?.fields || {};
      return { rejected: Object.values(fields).join(' ') || msg('rejected', 0) };
    }
    return 'retry';
  }

  async function flush() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const item of load()) {
        if (item.error) continue;
        let r;
        try {
          r = await sendOne(item);
        } catch (_e) {
          r = 'retry';
        }
        if (r === 'retry') break;
        const q = load();
        const i = q.findIndex((x) => x.key === item.key);
        if (i >= 0) {
          if (r === 'done') q.splice(i, 1);
          else q[i].error = r.rejected;
          save(q);
        }
        if (r === 'done') say(msg('sent', 1));
      }
    } finally {
      sending = false;
      render();
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
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
    const q = load();
    if (!q.some((x) => x.key === key)) q.push({ key, fields, label, recordedAt: new Date().toISOString() });
    save(q);
    // Ready for the next concern: same place and language, everything else empty, a fresh key.
    const keep = {};
    for (const name of ['venueId', 'seriesId', 'areaId', 'language']) {
      const el = form.elements.namedItem(name);
      if (el && 'value' in el) keep[name] = el.value;
    }
    form.reset();
    for (const name of Object.keys(keep)) form.elements.namedItem(name).value = keep[name];
    if (keyInput) keyInput.value = newKey();
    say(navigator.onLine ? msg('sending', 1) : msg('offline', q.length));
    render();
    flush();
  });

  window.addEventListener('online', () => flush());
  window.addEventListener('offline', () => say(msg('offline', load().length)));
  render();
  flush();
})();
