/**
 * The page's own stylesheet and script, kept in code so `tsc` carries them into dist/ with the
 * rest (htmx itself is served from node_modules). The script does what htmx does not: it turns
 * server-sent events into a `sandbox-changed` event that every live part listens to, redraws a
 * part only when its key (`x-part`) changed, keeps the
 * conversation scrolled to the newest message, remembers which modal is shown so an unchanged one
 * is not redrawn under the person's typing, and lets a person pick from an external select's list
 * (htmx fetches the list; picking, the keyboard and closing are local, as in Slack's menu).
 */
export const SANDBOX_JS = `(function () {
  var body = document.body;
  var source = new EventSource('/events');
  source.addEventListener('changed', function () { htmx.trigger(body, 'sandbox-changed'); });
  // On (re)connecting, refresh once: anything that changed while the stream was down is shown.
  source.addEventListener('hello', function () { htmx.trigger(body, 'sandbox-changed'); });
  function pinned(el) { return el.scrollHeight - el.scrollTop - el.clientHeight < 60; }
  document.addEventListener('htmx:beforeSwap', function (e) {
    var t = e.detail.target;
    // A live part that did not change is not redrawn (a button is not replaced under the pointer).
    var key = e.detail.xhr && e.detail.xhr.getResponseHeader('x-part');
    if (key && t.dataset.part === key) { e.detail.shouldSwap = false; return; }
    if (key) t.dataset.part = key;
    if (t.id === 'messages' || t.id === 'thread') t.dataset.pinned = pinned(t) ? '1' : '0';
  });
  document.addEventListener('htmx:afterSwap', function (e) {
    var t = e.detail.target;
    if ((t.id === 'messages' || t.id === 'thread') && t.dataset.pinned !== '0') t.scrollTop = t.scrollHeight;
    if (t.id === 'modal') { var root = t.querySelector('.modal-root'); t.dataset.key = root ? root.dataset.key : ''; }
  });
  // --- external selects: a search box (.external-query), the chosen value and text (hidden), a list ---
  function box(el) { return el && el.closest ? el.closest('.external-select') : null; }
  function query(b) { return b.querySelector('.external-query'); }
  function options(b) { return Array.prototype.slice.call(b.querySelectorAll('[role=option]')); }
  function closeList(b, restore) {
    var q = query(b);
    b.querySelector('.external-options').hidden = true;
    q.setAttribute('aria-expanded', 'false');
    // Leaving without picking keeps the chosen option, as Slack's menu does.
    if (restore) { q.value = q.dataset.chosen || ''; q.placeholder = q.dataset.placeholder || ''; }
  }
  function mark(b, option) {
    options(b).forEach(function (o) { o.classList.toggle('active', o === option); });
    if (option) option.scrollIntoView({ block: 'nearest' });
  }
  function choose(b, option) {
    var q = query(b);
    var hidden = b.querySelectorAll('input[type=hidden]');
    hidden[0].value = option.dataset.value;
    hidden[1].value = option.dataset.text;
    q.value = q.dataset.chosen = option.dataset.text;
    closeList(b, false);
    // Picking in an input block sends Slack nothing: the value is read when the form is submitted.
    hidden[0].dispatchEvent(new Event('change', { bubbles: true }));
  }
  // Capture: the box is emptied before htmx's own focus listener sends the (empty) first query.
  document.addEventListener('focus', function (e) {
    var t = e.target;
    if (!t.classList || !t.classList.contains('external-query')) return;
    t.placeholder = t.dataset.chosen || t.dataset.placeholder || '';
    t.value = '';
  }, true);
  document.addEventListener('focusout', function (e) {
    var b = box(e.target);
    if (b && e.target.classList.contains('external-query') && !b.contains(e.relatedTarget)) closeList(b, true);
  });
  // Pressing on the list must not blur the search box, or it would close before the click lands.
  document.addEventListener('mousedown', function (e) { if (e.target.closest && e.target.closest('.external-options')) e.preventDefault(); });
  document.addEventListener('click', function (e) {
    var option = e.target.closest && e.target.closest('.external-options [role=option]');
    if (option) choose(box(option), option);
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (!t.classList || !t.classList.contains('external-query')) return;
    var b = box(t), all = options(b), active = b.querySelector('[role=option].active'), i = all.indexOf(active);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      mark(b, all[Math.max(0, Math.min(all.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]);
    } else if (e.key === 'Enter') {
      // Enter picks (the highlighted option, else the first); it never submits the modal.
      e.preventDefault();
      if (!b.querySelector('.external-options').hidden && (active || all[0])) choose(b, active || all[0]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeList(b, true);
    }
  });
  document.addEventListener('htmx:afterSwap', function (e) {
    var list = e.detail.target;
    if (!list.classList || !list.classList.contains('external-options')) return;
    var b = box(list), q = query(b);
    // An answer that arrives after the person left the box is not shown.
    if (document.activeElement !== q) return;
    list.hidden = false;
    q.setAttribute('aria-expanded', 'true');
    mark(b, b.querySelector('[role=option][aria-selected=true]') || options(b)[0]);
  });
  var modal = document.getElementById('modal');
  var root = modal && modal.querySelector('.modal-root');
  if (root) modal.dataset.key = root.dataset.key;
  ['messages', 'thread'].forEach(function (id) { var el = document.getElementById(id); if (el) el.scrollTop = el.scrollHeight; });
  body.dataset.ready = '1';
})();
`;

export const SANDBOX_CSS = `
:root { --fg:#1d1c1d; --muted:#616061; --line:#dddddd; --side:#3f0e40; --side-fg:#e8dfe8; --link:#1264a3; --accent:#007a5a; --danger:#e01e5a; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--fg); display:grid; height:100vh;
  grid-template-columns: 230px 1fr 320px; grid-template-rows: 44px 1fr; grid-template-areas: "top top top" "side main log"; }
body.problem { display:block; padding:2em; }
.topbar { grid-area:top; background:#350d36; color:#fff; display:flex; align-items:center; gap:14px; padding:0 12px; }
.topbar .workspace { font-weight:700; }
.topbar select, .topbar button { font-size:13px; }
.clock-box { display:flex; align-items:center; gap:6px; margin-left:auto; }
.clock-box .zone, .clock-box .ahead { opacity:.75; font-size:12px; }
.switcher { font-size:13px; }
#sidebar { grid-area:side; background:var(--side); color:var(--side-fg); overflow-y:auto; padding:8px 0; }
#sidebar h2 { font-size:13px; text-transform:uppercase; opacity:.7; margin:14px 16px 4px; }
#sidebar ul { list-style:none; margin:0; padding:0; }
#sidebar a { display:block; color:var(--side-fg); text-decoration:none; padding:3px 16px; }
#sidebar a.active { background:#1164a3; color:#fff; }
#sidebar a.unread { font-weight:700; color:#fff; }
#sidebar .badge { background:var(--danger); color:#fff; border-radius:9px; padding:0 6px; font-size:12px; float:right; }
#sidebar .empty { padding:3px 16px; opacity:.6; font-size:13px; }
main { grid-area:main; display:flex; flex-direction:column; min-width:0; min-height:0; }
main.with-thread { margin-right:380px; }
.conversation-title { font-size:18px; margin:0; padding:10px 16px; border-bottom:1px solid var(--line); }
#messages, #home { flex:1; overflow-y:auto; padding:8px 0; }
#thread-pane { position:fixed; right:320px; top:44px; bottom:0; width:380px; background:#fff; border-left:1px solid var(--line); display:flex; flex-direction:column; box-shadow:-2px 0 6px rgba(0,0,0,.06); }
#thread { flex:1; overflow-y:auto; }
.thread-head { display:flex; justify-content:space-between; align-items:center; padding:6px 12px; border-bottom:1px solid var(--line); }
.thread-head h2 { font-size:16px; margin:0; }
.close-thread { text-decoration:none; font-size:20px; color:var(--muted); }
.thread-parent { border-bottom:1px solid var(--line); }
#log-pane { grid-area:log; border-left:1px solid var(--line); overflow-y:auto; font-size:12px; background:#fafafa; }
#log-pane h2 { font-size:14px; margin:8px 10px; } #log-pane h2 small { font-weight:400; color:var(--muted); display:block; }
#log { list-style:none; margin:0; padding:0 8px; }
#log > li { padding:3px 4px; border-bottom:1px solid #eee; word-break:break-word; }
#log time { color:var(--muted); }
.log-error { color:#b00020; background:#fde8ec; font-weight:600; }
.log-warn { color:#8a5a00; }
.day { text-align:center; margin:10px 0; font-size:13px; color:var(--muted); border-top:1px solid var(--line); } .day span { position:relative; top:-10px; background:#fff; padding:0 10px; border:1px solid var(--line); border-radius:12px; }
.message { display:flex; gap:8px; padding:6px 16px; }
.message:hover { background:#f8f8f8; }
.message.ephemeral { background:#f4f8fb; }
.message .only { font-size:12px; color:var(--muted); }
.avatar { width:36px; height:36px; border-radius:6px; background:#e8912d; color:#fff; display:flex; align-items:center; justify-content:center; font-weight:700; flex:none; }
.avatar.app { background:#4a154b; }
.body { min-width:0; flex:1; }
.meta time, .edited { color:var(--muted); font-size:12px; }
.app-tag { background:#ddd; color:#555; font-size:10px; padding:0 3px; border-radius:2px; }
.replies { color:var(--link); font-size:13px; font-weight:600; text-decoration:none; }
.reply-link { text-decoration:none; font-size:12px; opacity:.35; } .message:hover .reply-link { opacity:1; }
.mention { background:#e8f5fa; color:var(--link); border-radius:3px; padding:0 2px; }
.mention.me, .ping { background:#fff2cc; color:#8a5a00; border-radius:3px; padding:0 2px; font-weight:600; }
.channel-link { color:var(--link); }
code { background:#f6f6f6; border:1px solid #e0e0e0; border-radius:3px; padding:0 3px; color:#c01343; font-size:13px; }
.code-block { background:#f6f6f6; border:1px solid #e0e0e0; border-radius:4px; padding:8px; white-space:pre-wrap; font-size:13px; }
blockquote { border-left:4px solid #ddd; margin:4px 0; padding-left:10px; }
.block { margin:4px 0; }
.block.header h3 { margin:6px 0 2px; font-size:17px; }
.block.section { display:flex; gap:12px; justify-content:space-between; }
.fields { display:grid; grid-template-columns:1fr 1fr; gap:4px 16px; margin-top:4px; }
.block.context { font-size:12px; color:var(--muted); display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
.context-image { width:16px; height:16px; }
.block.actions { display:flex; gap:8px; flex-wrap:wrap; align-items:flex-start; }
.divider { border:0; border-top:1px solid var(--line); }
.button { font:inherit; font-size:14px; font-weight:600; border:1px solid #bbb; background:#fff; border-radius:4px; padding:3px 12px; cursor:pointer; color:var(--fg); text-decoration:none; display:inline-block; }
.button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
.button.danger { color:var(--danger); border-color:var(--danger); }
button.small { font-size:12px; }
.overflow { width:44px; }
.files { margin-top:4px; } .file { display:inline-block; border:1px solid var(--line); border-radius:6px; padding:6px 10px; text-decoration:none; color:var(--link); }
.composer { display:flex; gap:6px; padding:10px 16px; border-top:1px solid var(--line); }
.composer input[type=text] { flex:1; font:inherit; padding:8px; border:1px solid #aaa; border-radius:6px; }
.join-bar { padding:12px 16px; border-top:1px solid var(--line); }
.empty { color:var(--muted); padding:0 16px; }
.modal-backdrop { position:fixed; inset:0; background:rgba(0,0,0,.45); display:flex; align-items:flex-start; justify-content:center; padding-top:6vh; z-index:10; }
.modal { background:#fff; width:560px; max-height:86vh; border-radius:8px; display:flex; flex-direction:column; box-shadow:0 8px 30px rgba(0,0,0,.3); }
.modal header { display:flex; justify-content:space-between; align-items:center; padding:14px 20px; border-bottom:1px solid var(--line); }
.modal header h2 { margin:0; font-size:20px; } .modal .x { border:0; background:none; font-size:22px; cursor:pointer; }
.modal-body { padding:8px 20px; overflow-y:auto; }
.modal footer { padding:12px 20px; border-top:1px solid var(--line); text-align:right; }
.modal-failure { background:#fde8ec; color:#b00020; padding:8px 20px; }
.block.input { margin:12px 0; display:flex; flex-direction:column; gap:4px; }
.input-label { font-weight:700; } .optional { font-weight:400; color:var(--muted); }
.block.input input[type=text], .block.input input[type=number], .block.input input[type=email], .block.input input[type=url], .block.input textarea, .block.input select { font:inherit; padding:6px 8px; border:1px solid #aaa; border-radius:4px; }
.block.input textarea { min-height:80px; }
.block.input select[multiple] { min-height:90px; }
.hint { font-size:12px; color:var(--muted); }
.has-error input, .has-error select, .has-error textarea { border-color:var(--danger) !important; }
.field-error { color:var(--danger); font-size:13px; }
.choices { border:0; padding:0; margin:0; display:flex; flex-direction:column; gap:2px; }
.choice .description { display:block; color:var(--muted); font-size:12px; margin-left:22px; }
.home-view { padding:0 20px; }
.external-select { position:relative; display:flex; flex-direction:column; }
.external-options { position:absolute; top:100%; left:0; right:0; z-index:20; margin:2px 0 0; padding:4px 0; list-style:none; background:#fff; border:1px solid #aaa; border-radius:6px; box-shadow:0 4px 14px rgba(0,0,0,.18); max-height:260px; overflow-y:auto; }
.external-options ul { list-style:none; margin:0; padding:0; }
.external-options .option { padding:4px 12px; cursor:pointer; }
.external-options .option.active { background:#1264a3; color:#fff; }
.external-options .option[aria-selected=true]::after { content:" ✓"; }
.option-group-label { padding:6px 12px 2px; font-size:12px; font-weight:700; color:var(--muted); }
.options-note { padding:4px 12px; color:var(--muted); }
`;
