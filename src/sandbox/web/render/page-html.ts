import { DateTime } from 'luxon';
import { blocksToHtml, type BlockContext } from './blocks-html';
import { html, Html, jsonAttr, partKey, raw } from './html';
import { mrkdwnToHtml } from './mrkdwn-html';

/** One line of the conversation, as a person sees it. */
export interface ShownMessage {
  ts: string;
  channel: string;
  author: { id: string; name: string; isApp: boolean };
  text: string;
  blocks?: unknown[];
  edited: boolean;
  deleted: boolean;
  replyCount: number;
  files: { id: string; name: string; title: string }[];
  /** An ephemeral ("Only visible to you"), or a notice from Slack itself. */
  only?: 'ephemeral' | 'slackbot';
}

export interface SidebarEntry {
  id: string;
  label: string;
  kind: 'channel' | 'private' | 'dm' | 'group';
  unread: number;
  member: boolean;
}

export interface LogEntry {
  at: number;
  level: 'error' | 'warn' | 'info';
  text: string;
  detail?: string[];
}

export interface CommandHint {
  example: string;
  usage: string;
  what: string;
}

export interface PageModel {
  viewer: { id: string; name: string; timeZone: string };
  people: { id: string; name: string; timeZone: string }[];
  /** 'home' or a conversation id. */
  at: string;
  title: string;
  thread?: string;
  member: boolean;
  commands: CommandHint[];
}

const urlOf = (viewer: string, at: string) => (at === 'home' ? `/u/${viewer}/home` : `/u/${viewer}/c/${at}`);

/** The whole page: header with clock and person switcher, sidebar, conversation or Home, log. */
export function pageHtml(model: PageModel, parts: { clock: Html; sidebar: Html; main: Html; thread?: Html; log: Html; modal: Html }): Html {
  const { viewer } = model;
  const base = urlOf(viewer.id, model.at);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${model.title} · Guild sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/sandbox.css">
<script src="/assets/htmx.min.js"></script>
<script src="/assets/sandbox.js" defer></script>
</head>
<body data-viewer="${viewer.id}" data-at="${model.at}" hx-headers="${jsonAttr({ 'x-sandbox': '1' })}">
<header class="topbar">
  <span class="workspace">Guild sandbox</span>
  <span class="clock-box"><span id="clock" hx-get="/clock?u=${viewer.id}" hx-trigger="sandbox-changed from:body, every 20s">${parts.clock}</span>
    <button type="button" class="small" hx-post="/clock" hx-vals="${jsonAttr({ by: '1h' })}" hx-swap="none" title="Fast-forward an hour">+1 hour</button>
    <button type="button" class="small" hx-post="/clock" hx-vals="${jsonAttr({ by: '1d' })}" hx-swap="none" title="Fast-forward a day">+1 day</button>
    <button type="button" class="small" id="next-job" hx-post="/clock" hx-vals="${jsonAttr({ by: 'next' })}" hx-swap="none" title="Jump to Guild's next scheduled job">next job ⏭</button></span>
  <label class="switcher">Acting as <select id="person" onchange="location.href=this.value">${model.people.map(
    (p) => html`<option value="${urlOf(p.id, model.at === 'home' ? 'home' : model.at)}"${p.id === viewer.id ? raw(' selected') : ''}>${p.name} (${p.timeZone})</option>`,
  )}</select></label>
  <button type="button" class="small danger" hx-post="/reset" hx-confirm="Reset the sandbox? Every message, retro and profile goes back to the demo workspace." hx-swap="none">Reset</button>
</header>
<nav id="sidebar" hx-get="/u/${viewer.id}/sidebar?at=${model.at}" hx-trigger="sandbox-changed from:body" data-part="${partKey(parts.sidebar)}">${parts.sidebar}</nav>
<main id="main" class="${parts.thread ? 'with-thread' : ''}">
  <h1 class="conversation-title">${model.title}</h1>
  ${parts.main}
</main>
${parts.thread ? html`<aside id="thread-pane">${parts.thread}</aside>` : ''}
<aside id="log-pane"><h2>Event log <small>what Guild sent and what Slack refused</small></h2><ol id="log" hx-get="/log" hx-trigger="sandbox-changed from:body" data-part="${partKey(parts.log)}">${parts.log}</ol></aside>
<div id="modal" hx-get="/u/${viewer.id}/modal" hx-trigger="sandbox-changed from:body" hx-vals="js:{known: document.getElementById('modal').dataset.key || ''}" data-key="">${parts.modal}</div>
<datalist id="commands">${model.commands.map((c) => html`<option value="${c.example}">${c.usage} — ${c.what}</option>`)}</datalist>
<input type="hidden" id="base" value="${base}">
</body></html>`;
}

/** The conversation: messages (refreshed live) and the composer. */
export function conversationHtml(model: PageModel, messages: Html): Html {
  const { viewer } = model;
  const send = `/u/${viewer.id}/c/${model.at}/send`;
  return html`<section id="messages" hx-get="/u/${viewer.id}/c/${model.at}/messages${model.thread ? `?thread=${model.thread}` : ''}" hx-trigger="sandbox-changed from:body" data-part="${partKey(messages)}">${messages}</section>
${
  model.member
    ? composer(send, `Message ${model.title}, or type / for Guild's commands`, undefined)
    : html`<div class="join-bar">You are not in ${model.title}. <button type="button" class="button primary" hx-post="/u/${viewer.id}/c/${model.at}/join" hx-swap="none">Join channel</button></div>`
}`;
}

export function composer(action: string, placeholder: string, threadTs: string | undefined): Html {
  return html`<form class="composer" hx-post="${action}" hx-swap="none" hx-on::after-request="if (event.detail.successful) this.reset()">
  ${threadTs ? html`<input type="hidden" name="thread" value="${threadTs}">` : ''}
  <input type="text" name="text" list="commands" autocomplete="off" placeholder="${placeholder}" aria-label="${placeholder}">
  <button type="submit" class="button primary">Send</button>
</form>`;
}

export function threadHtml(viewer: string, channel: string, parent: Html, replies: Html, threadTs: string): Html {
  return html`<header class="thread-head"><h2>Thread</h2><a class="close-thread" href="/u/${viewer}/c/${channel}">×</a></header>
<div id="thread" hx-get="/u/${viewer}/c/${channel}/thread/${threadTs}" hx-trigger="sandbox-changed from:body" data-part="${partKey(threadBody(parent, replies))}">${threadBody(parent, replies)}</div>
${composer(`/u/${viewer}/c/${channel}/send`, 'Reply…', threadTs)}`;
}

export function threadBody(parent: Html, replies: Html): Html {
  return html`<div class="thread-parent">${parent}</div><div class="thread-replies">${replies}</div>`;
}

export function sidebarHtml(viewer: string, at: string, entries: SidebarEntry[]): Html {
  const link = (e: SidebarEntry) => {
    const cls = [e.id === at ? 'active' : '', e.unread > 0 && e.id !== at ? 'unread' : ''].filter(Boolean).join(' ');
    const icon = e.kind === 'channel' ? '#' : e.kind === 'private' ? '🔒' : e.kind === 'group' ? '👥' : '●';
    return html`<li><a class="${cls}" data-conversation="${e.id}" href="/u/${viewer}/c/${e.id}"><span class="icon">${icon}</span> ${e.label}${
      e.unread > 0 && e.id !== at ? html` <span class="badge" aria-label="unread">${e.unread}</span>` : ''
    }</a></li>`;
  };
  const channels = entries.filter((e) => e.kind === 'channel' || e.kind === 'private');
  const directs = entries.filter((e) => e.kind === 'dm' || e.kind === 'group');
  return html`<h2>Apps</h2><ul><li><a class="${at === 'home' ? 'active' : ''}" id="home-link" href="/u/${viewer}/home">🏠 Guild — Home</a></li></ul>
<h2>Channels</h2><ul>${channels.map(link)}</ul>
<h2>Direct messages</h2><ul>${directs.length ? directs.map(link) : html`<li class="empty">No messages from Guild yet</li>`}</ul>`;
}

/** A day's separator plus messages, oldest first. */
export function messagesHtml(messages: ShownMessage[], ctx: BlockContext, options: { viewer: string; threadLinks: boolean; interactive?: boolean }): Html {
  if (messages.length === 0) return html`<p class="empty">No messages yet.</p>`;
  let day = '';
  return html`${messages.map((m) => {
    const at = DateTime.fromMillis(Number(m.ts) * 1000, { zone: ctx.timeZone });
    const thisDay = at.toFormat('cccc, d LLLL');
    const separator = thisDay !== day ? html`<div class="day"><span>${thisDay}</span></div>` : '';
    day = thisDay;
    return html`${separator}${messageHtml(m, ctx, options)}`;
  })}`;
}

export function messageHtml(m: ShownMessage, ctx: BlockContext, options: { viewer: string; threadLinks: boolean; interactive?: boolean }): Html {
  const at = DateTime.fromMillis(Number(m.ts) * 1000, { zone: ctx.timeZone });
  const cls = ['message', m.only ? 'ephemeral' : '', m.deleted ? 'deleted' : ''].filter(Boolean).join(' ');
  const content = m.deleted
    ? html`<div class="content"><i>This message was deleted.</i></div>`
    : html`<div class="content">${
        m.blocks && m.blocks.length > 0
          ? blocksToHtml(m.blocks, { kind: 'message', channel: m.channel, ts: m.ts, actUrl: `/u/${options.viewer}/act`, interactive: options.interactive !== false && m.only !== 'slackbot' }, ctx)
          : mrkdwnToHtml(m.text, ctx)
      }</div>`;
  return html`<article class="${cls}" id="m-${m.ts.replace('.', '-')}" data-ts="${m.ts}">
<div class="avatar${m.author.isApp ? ' app' : ''}">${m.author.name.slice(0, 1).toUpperCase()}</div>
<div class="body">
${m.only ? html`<div class="only">👁 Only visible to you</div>` : ''}
<div class="meta"><b class="author">${m.author.name}</b>${m.author.isApp ? html` <span class="app-tag">APP</span>` : ''} <time datetime="${at.toISO() ?? ''}" title="${at.toFormat('ccc d LLL yyyy HH:mm:ss ZZZZ')}">${at.toFormat('HH:mm')}</time>${m.edited ? html` <span class="edited">(edited)</span>` : ''}</div>
${content}
${m.files.length ? html`<div class="files">${m.files.map((f) => html`<a class="file" href="/files/${f.id}" download="${f.name}">📄 ${f.title || f.name}</a>`)}</div>` : ''}
${options.threadLinks && m.replyCount > 0 ? html`<a class="replies" href="/u/${options.viewer}/c/${m.channel}?thread=${m.ts}">${m.replyCount} ${m.replyCount === 1 ? 'reply' : 'replies'}</a>` : ''}
${options.threadLinks && m.replyCount === 0 && !m.only && !m.deleted ? html`<a class="reply-link" href="/u/${options.viewer}/c/${m.channel}?thread=${m.ts}" title="Reply in thread">💬</a>` : ''}
</div></article>`;
}

export interface ShownModal {
  id: string;
  title: string;
  submit?: string;
  close?: string;
  blocks: unknown[];
  errors?: Record<string, string>;
  depth: number;
  /** Slack's own words when a submission failed (not acknowledged, refused). */
  failure?: string;
}

export function modalHtml(viewer: string, modal: ShownModal | undefined, ctx: BlockContext): Html {
  if (!modal) return html``;
  const body = blocksToHtml(modal.blocks, { kind: 'view', viewId: modal.id, actUrl: `/u/${viewer}/act`, suggestUrl: `/u/${viewer}/suggest`, ...(modal.errors ? { errors: modal.errors } : {}) }, ctx);
  const close = `/u/${viewer}/views/${modal.id}/close`;
  return html`<div class="modal-backdrop"><form class="modal" role="dialog" aria-label="${modal.title}" data-view="${modal.id}" hx-post="/u/${viewer}/views/${modal.id}/submit" hx-swap="none">
<header><h2>${modal.depth > 1 ? html`<span class="back">‹ </span>` : ''}${modal.title}</h2><button type="button" class="x" aria-label="Close" hx-post="${close}" hx-swap="none">×</button></header>
${modal.failure ? html`<div class="modal-failure" role="alert">${modal.failure}</div>` : ''}
<div class="modal-body">${body}</div>
<footer><button type="button" class="button" hx-post="${close}" hx-swap="none">${modal.close ?? (modal.depth > 1 ? 'Back' : 'Cancel')}</button>${modal.submit ? html` <button type="submit" class="button primary">${modal.submit}</button>` : ''}</footer>
</form></div>`;
}

export function homeHtml(viewer: string, view: { id: string; blocks: unknown[] } | undefined, ctx: BlockContext): Html {
  const body = homeBody(viewer, view, ctx);
  return html`<section id="home" hx-get="/u/${viewer}/home/view" hx-trigger="sandbox-changed from:body" data-part="${partKey(body)}">${body}</section>`;
}

export function homeBody(viewer: string, view: { id: string; blocks: unknown[] } | undefined, ctx: BlockContext): Html {
  if (!view) return html`<p class="empty">Guild has not published a Home tab for you yet.</p>`;
  return html`<div class="home-view" data-view="${view.id}">${blocksToHtml(view.blocks, { kind: 'view', viewId: view.id, actUrl: `/u/${viewer}/act`, suggestUrl: `/u/${viewer}/suggest` }, ctx)}</div>`;
}

export function logHtml(entries: LogEntry[]): Html {
  if (entries.length === 0) return html`<li class="empty">Nothing yet.</li>`;
  return html`${[...entries].reverse().map(
    (e) => html`<li class="log-${e.level}"><time>${new Date(e.at).toISOString().slice(11, 19)}</time> ${e.text}${
      e.detail?.length ? html`<ul>${e.detail.map((d) => html`<li>${d}</li>`)}</ul>` : ''
    }</li>`,
  )}`;
}

export function clockHtml(now: Date, zone: string, offsetMs: number): Html {
  const local = DateTime.fromJSDate(now, { zone });
  const ahead = offsetMs > 0 ? html` <span class="ahead" title="fast-forwarded">+${formatOffset(offsetMs)}</span>` : '';
  return html`<time id="workspace-time" datetime="${now.toISOString()}">🕒 ${local.toFormat('ccc d LLL yyyy, HH:mm')}</time> <span class="zone">${zone}</span>${ahead}`;
}

function formatOffset(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)}d` : `${hours}h`;
}

/** A plain page for a problem (unknown person or conversation), with a way back. */
export function problemHtml(message: string): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guild sandbox</title><link rel="stylesheet" href="/assets/sandbox.css"></head><body class="problem"><p>${message}</p><p><a href="/">Back to the sandbox</a></p></body></html>`;
}

export { raw };
