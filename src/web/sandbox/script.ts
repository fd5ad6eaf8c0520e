/**
 * The sandbox page's only script (plain ES2020, no build step): sends what the person types, clicks
 * card buttons and submits card forms through the sandbox JSON API, polls the chat for pushes and
 * card updates, moves the sandbox clock, runs the daily jobs, and filters the person picker.
 */
export const SANDBOX_SCRIPT = String.raw`
(() => {
  const $ = (s, root = document) => root.querySelector(s);
  const $$ = (s, root = document) => Array.from(root.querySelectorAll(s));
  const data = JSON.parse($('#sandbox-data').textContent);
  const log = $('#log');
  const POLL_MS = 2000;
  const known = new Map();
  let lastSeq = 0;
  let toastTimer;

  function toast(text, kind) {
    const el = $('#toast');
    el.textContent = text;
    el.className = 'toast show ' + (kind || 'info');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.className = 'toast'; }, 5000);
  }

  async function call(method, path, body) {
    const res = await fetch(path, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
    let json = {};
    try { json = await res.json(); } catch (e) { json = { error: '服务返回了无法识别的内容（' + res.status + '）' }; }
    if (!res.ok) throw new Error(json.error || ('请求失败（' + res.status + '）'));
    return json;
  }

  // ---- person picker -------------------------------------------------------------------------
  const picker = $('#picker');
  function filterPeople(q) {
    const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const group of $$('.unit-group', picker)) {
      let shown = 0;
      for (const item of $$('.person', group)) {
        const ok = words.every((w) => item.dataset.search.includes(w));
        item.closest('li').hidden = !ok;
        if (ok) shown++;
      }
      group.hidden = shown === 0;
    }
    $('#picker-empty').hidden = $$('.unit-group li:not([hidden])', picker).length > 0;
  }
  function openPicker() { picker.hidden = false; const q = $('#picker-q'); q.value = ''; filterPeople(''); q.focus(); }
  function closePicker() { if (data.me) picker.hidden = true; }
  $('#pick').addEventListener('click', openPicker);
  $('#picker-close').addEventListener('click', closePicker);
  $('#picker-q').addEventListener('input', (e) => filterPeople(e.target.value));
  picker.addEventListener('keydown', (e) => { if (e.key === 'Escape') closePicker(); });
  if (!data.me) { openPicker(); document.body.dataset.ready = '1'; return; }

  // ---- own messages (kept in this tab: the bot stores only what it sends) ----------------------
  const sentKey = 'sandbox:sent:' + data.me + ':' + data.chat;
  const sent = () => JSON.parse(sessionStorage.getItem(sentKey) || '[]');
  function bubble(own) {
    const el = document.createElement('div');
    el.className = 'msg me';
    el.dataset.seq = String(own.seq);
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = data.meName + ' · ' + own.time;
    const b = document.createElement('div');
    b.className = 'bubble';
    b.textContent = own.text;
    el.append(meta, b);
    return el;
  }
  function place(el) {
    const seq = Number(el.dataset.seq);
    const after = $$('#log > .msg').find((m) => Number(m.dataset.seq) > seq);
    log.insertBefore(el, after || null);
  }
  function fromHtml(html) {
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    return tpl.content.firstElementChild;
  }

  // ---- the feed --------------------------------------------------------------------------------
  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 160;
  const scrollDown = () => window.scrollTo(0, document.body.scrollHeight);
  const holdsFocus = (el) => el.contains(document.activeElement) && document.activeElement !== document.body;

  function adopt() {
    for (const el of $$('#log > .msg.bot')) {
      known.set(el.dataset.msg, el.outerHTML);
      lastSeq = Math.max(lastSeq, Number(el.dataset.seq));
    }
    for (const own of sent()) place(bubble(own));
  }

  function apply(feed) {
    const stick = nearBottom();
    let added = false;
    for (const m of feed.messages) {
      lastSeq = Math.max(lastSeq, m.seq);
      const existing = document.getElementById('m-' + m.id);
      if (existing && known.get(m.id) === m.html) continue;
      if (existing && holdsFocus(existing)) continue;
      const fresh = fromHtml(m.html);
      if (existing) existing.replaceWith(fresh);
      else { place(fresh); added = true; }
      known.set(m.id, m.html);
      fresh.classList.add('flash');
    }
    $('#empty').hidden = $$('#log > .msg').length > 0;
    $('#clock-label').textContent = feed.clock;
    const seen = Number(localStorage.getItem('sandbox:seen:' + data.me + ':' + feed.other.chat) || '0');
    const badge = $('#other-badge');
    const unread = feed.other.count - seen;
    if (badge) { badge.textContent = unread > 0 ? String(unread) : ''; badge.hidden = unread <= 0; }
    localStorage.setItem('sandbox:seen:' + data.me + ':' + data.chat, String(feed.messages.length));
    if (added && stick) scrollDown();
    document.body.dataset.feedSeq = String(lastSeq);
  }

  // A refresh always ends with a fetch that started after it was asked for (an action's effect shows).
  let inflight = null;
  let queued = null;
  async function fetchFeed() {
    try {
      apply(await call('GET', '/sandbox/ui/feed?as=' + encodeURIComponent(data.me) + '&chat=' + encodeURIComponent(data.chat)));
    } catch (e) {
      toast(e.message, 'error');
    }
  }
  function refresh() {
    if (!inflight) {
      inflight = fetchFeed().finally(() => { inflight = null; });
      return inflight;
    }
    if (!queued) queued = inflight.then(() => { queued = null; return refresh(); });
    return queued;
  }
  // Counts finished user actions (send, click, submit, clock, jobs): tests wait on it instead of sleeping.
  let settled = 0;
  const done = () => { document.body.dataset.settled = String(++settled); };

  // ---- typing ----------------------------------------------------------------------------------
  $('#composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('#text');
    const text = input.value.trim();
    if (!text) { toast('请输入内容，例如 /帮助', 'warning'); done(); return; }
    const button = $('#send');
    button.disabled = true;
    const list = sent();
    const own = { text, seq: lastSeq + 0.5 + list.length / 1000, time: $('#clock-label').textContent.replace(/ ·.*$/, '') };
    list.push(own);
    sessionStorage.setItem(sentKey, JSON.stringify(list));
    place(bubble(own));
    input.value = '';
    scrollDown();
    try {
      await call('POST', '/sandbox/api/messages', { as: data.me, chat: data.chat, text });
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      button.disabled = false;
      await refresh();
      scrollDown();
      done();
    }
  });
  // ---- 佐证材料: a picture or file, attached to the report just sent (or the card replied to) -------
  $('#upload').addEventListener('change', async (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    const form = new FormData();
    form.set('as', data.me);
    form.set('chat', data.chat);
    form.set('file', file, file.name);
    const list = sent();
    const own = { text: '📎 ' + file.name, seq: lastSeq + 0.5 + list.length / 1000, time: $('#clock-label').textContent.replace(/ ·.*$/, '') };
    list.push(own);
    sessionStorage.setItem(sentKey, JSON.stringify(list));
    place(bubble(own));
    scrollDown();
    try {
      const res = await fetch('/sandbox/api/attachments', { method: 'POST', body: form });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(json.error || ('上传失败（' + res.status + '）'));
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      e.target.value = '';
      await refresh();
      scrollDown();
      done();
    }
  });
  for (const chip of $$('.chip')) chip.addEventListener('click', () => { const input = $('#text'); input.value = chip.dataset.text; input.focus(); });

  // ---- card buttons and forms ------------------------------------------------------------------
  async function act(msgEl, value, form) {
    const buttons = $$('button', msgEl);
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await call('POST', '/sandbox/api/actions', { as: data.me, messageId: msgEl.dataset.msg, value, form });
      toast(r.toast.text, r.toast.kind);
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      known.delete(msgEl.dataset.msg);
      if (msgEl.contains(document.activeElement)) document.activeElement.blur();
      await refresh();
      done();
    }
  }
  log.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-value]');
    if (!button || button.disabled) return;
    act(button.closest('.msg'), JSON.parse(button.dataset.value), {});
  });
  log.addEventListener('submit', (e) => {
    const form = e.target.closest('form[data-value]');
    if (!form) return;
    e.preventDefault();
    const values = {};
    for (const field of $$('input,select,textarea', form)) {
      // A multi-select sends its chosen values comma-separated, as Feishu's form does.
      const v = field.multiple ? Array.from(field.selectedOptions, (o) => o.value).join(',') : field.value.trim();
      if (!v && field.required) {
        const label = field.closest('label');
        toast('请填写「' + (label ? label.firstElementChild.textContent.replace(/\*$/, '') : field.name) + '」', 'warning');
        field.focus();
        done();
        return;
      }
      if (v) values[field.name] = v;
    }
    act(form.closest('.msg'), JSON.parse(form.dataset.value), values);
  });

  // ---- the clock and the daily jobs ------------------------------------------------------------
  async function jump(body) {
    try {
      const r = await call('POST', '/sandbox/ui/clock', body);
      $('#clock-label').textContent = r.label;
      toast('时钟已调至 ' + r.label, 'success');
    } catch (err) {
      toast(err.message, 'error');
    }
    await refresh();
    done();
  }
  for (const b of $$('[data-jump]')) b.addEventListener('click', () => jump({ jump: b.dataset.jump }));
  $('#clock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('#clock-at').value;
    if (!v) { toast('请先选择日期和时间', 'warning'); done(); return; }
    jump({ jump: 'at', at: v.slice(0, 16) });
  });
  $('#run-jobs').addEventListener('click', async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    try {
      const r = await call('POST', '/sandbox/ui/jobs', {});
      toast(r.summary, r.ran ? 'success' : 'info');
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      button.disabled = false;
      await refresh();
      done();
    }
  });

  adopt();
  $('#empty').hidden = $$('#log > .msg').length > 0;
  scrollDown();
  document.body.dataset.settled = '0';
  document.body.dataset.ready = '1';
  setInterval(refresh, POLL_MS);
  refresh();
})();
`;
