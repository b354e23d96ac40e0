import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isObject, interactiveElements, type JsonObject } from '../block-kit';
import type { ActionChoice } from '../block-action.builder';
import type { SlackDriver } from '../drivers/slack-driver';
import type { LocalSlack } from '../local-slack';
import type { SandboxChange } from '../sandbox-state';
import type { DeliveryResult, Message, SandboxChannel, SandboxUser } from '../sandbox.types';
import { ImpossibleInteractionError } from '../view-state.builder';
import { SANDBOX_CSS, SANDBOX_JS } from './assets';
import { formValues, withDraft } from './drafts';
import { externalOptionsHtml, fieldName, queryFieldName, type BlockContext } from './render/blocks-html';
import { html, partKey, type Html } from './render/html';
import {
  clockHtml,
  conversationHtml,
  homeBody,
  homeHtml,
  logHtml,
  messageHtml,
  messagesHtml,
  modalHtml,
  pageHtml,
  problemHtml,
  sidebarHtml,
  threadBody,
  threadHtml,
  type CommandHint,
  type LogEntry,
  type PageModel,
  type ShownMessage,
  type SidebarEntry,
} from './render/page-html';
import type { WorkspaceClock } from './workspace-clock';

/** Slack's limit on a message's text (chat.postMessage truncates past it; the composer refuses). */
export const MESSAGE_TEXT_MAX = 40_000;
const LOG_MAX = 300;
/** Calls worth a line in the event log when they succeed: what Guild changed for people. */
const LOGGED_CALLS = new Set(['chat.postMessage', 'chat.update', 'chat.delete', 'chat.postEphemeral', 'chat.scheduleMessage', 'views.open', 'views.push', 'views.update', 'views.publish', 'files.completeUploadExternal', 'conversations.join', 'conversations.open']);

export interface PageDeps {
  slack: LocalSlack;
  /** The driver of the running Guild (it changes when Guild restarts). */
  driver: () => SlackDriver;
  clock: WorkspaceClock;
  commands: CommandHint[];
  /** Slash commands the app declares; anything else gets Slack's "not a valid command". */
  slashCommands: string[];
  /** When Guild's next job or scheduled ritual falls due, if any. */
  nextDue: () => Promise<Date | undefined>;
  reset: () => Promise<void>;
  logger: Logger;
}

/** What the page remembers per person beyond Slack's state: what they have read. */
export interface PageState {
  seen: Record<string, Record<string, string>>;
}

/**
 * The sandbox's web page: a small Slack, server-rendered, with htmx for clicks and forms and
 * server-sent events for live updates. Every click, submission, message and command goes through
 * the local Slack's driver, so Guild receives exactly what Slack would send it.
 */
export class PageServer {
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();
  private readonly log: LogEntry[] = [];
  private readonly notices: (ShownMessage & { user: string })[] = [];
  private readonly drafts = new Map<string, URLSearchParams>();
  private readonly failures = new Map<string, string>();
  private readonly submitting = new Set<string>();
  /**
   * What a person ticked or picked in a message's checkboxes and menus. Slack's client keeps that
   * on screen (and reports it in the next click) until the app changes the message; the page
   * redraws messages on every change, so it must remember it. Keyed by person, message and
   * element; `blocks` is the message as it was, so an update by the app starts afresh.
   */
  private readonly choices = new Map<string, { blocks: string; values: string[] }>();
  private seen: Record<string, Record<string, string>> = {};
  private version = 0;
  private broadcastTimer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly htmx: string;
  private changeListeners: (() => void)[] = [];

  constructor(private readonly deps: PageDeps) {
    this.htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
    deps.slack.onChange((change) => this.changed(change));
    deps.clock.onMove(() => deps.slack.clockMoved());
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        deps.logger.error({ err, url: req.url }, 'sandbox page failed to answer');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The sandbox page failed; see the log.');
      });
    });
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.keepAlive = setInterval(() => {
      for (const stream of this.streams) stream.write(': keep-alive\n\n');
    }, 15_000);
    this.keepAlive.unref();
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    clearInterval(this.keepAlive);
    clearTimeout(this.broadcastTimer);
    for (const stream of this.streams) stream.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Told after every change worth saving (the sandbox snapshots on it). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  state(): PageState {
    return { seen: this.seen };
  }

  load(state: PageState | undefined): void {
    this.seen = state?.seen ?? {};
  }

  /** Forgets notices, drafts and the log (a reset). */
  clear(): void {
    this.log.length = 0;
    this.notices.length = 0;
    this.drafts.clear();
    this.failures.clear();
    this.choices.clear();
    this.seen = {};
  }

  /** Empties the event log (after seeding: the demo's set-up is not what a visitor came to see). */
  clearLog(): void {
    this.log.length = 0;
  }

  /** Marks every message as read by everyone (after seeding: the demo's history is not news). */
  markAllSeen(): void {
    for (const person of this.humans()) {
      for (const conversation of this.deps.slack.conversations()) {
        const latest = this.deps.slack.messages(conversation.id).at(-1);
        if (latest) (this.seen[person.id] ??= {})[conversation.id] = latest.ts;
      }
    }
  }

  addLog(entry: Omit<LogEntry, 'at'>): void {
    this.log.push({ at: this.deps.clock.now().getTime(), ...entry });
    if (this.log.length > LOG_MAX) this.log.splice(0, this.log.length - LOG_MAX);
    this.scheduleBroadcast();
  }

  private changed(change: SandboxChange): void {
    if (change.kind === 'api') {
      if (!change.ok) {
        this.addLog({ level: 'error', text: `Slack refused ${change.method}${this.where(change.channel)}: ${change.error ?? 'error'}`, ...(change.messages ? { detail: change.messages } : {}) });
      } else if (LOGGED_CALLS.has(change.method)) {
        this.addLog({ level: 'info', text: `Guild called ${change.method}${this.where(change.channel)}` });
      }
    } else if (change.kind === 'delivery' && change.record.failed && change.record.userVisibleError) {
      const who = change.record.user ? this.deps.slack.user(change.record.user)?.realName : undefined;
      this.addLog({ level: 'error', text: `${change.record.what ?? change.record.kind}${who ? ` by ${who}` : ''} failed: the person sees "${change.record.userVisibleMessage ?? change.record.userVisibleError}"` });
    }
    this.scheduleBroadcast();
  }

  private where(channel: string | undefined): string {
    if (!channel) return '';
    const conversation = this.deps.slack.channel(channel);
    // Slack takes a person's id as the channel of chat.postMessage: their DM with the app.
    const dmWith = conversation ? (conversation.isIm ? conversation.imUser ?? '' : undefined) : this.deps.slack.user(channel) && channel;
    if (dmWith !== undefined) return ` (DM with ${this.deps.slack.user(dmWith)?.realName ?? dmWith})`;
    if (!conversation) return ` (${channel})`;
    return ` in #${conversation.name}`;
  }

  /** Many changes come in bursts (a board update is several calls): one event per burst. */
  private scheduleBroadcast(): void {
    if (this.broadcastTimer) return;
    this.broadcastTimer = setTimeout(() => {
      this.broadcastTimer = undefined;
      this.version += 1;
      for (const stream of this.streams) stream.write(`event: changed\ndata: ${this.version}\n\n`);
      for (const listener of this.changeListeners) listener();
    }, 40);
    this.broadcastTimer.unref();
  }

  // --- routing ---

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    if (method === 'GET' && path === '/') return redirect(res, `/u/${this.defaultPerson().id}/c/${this.defaultChannel().id}`);
    if (method === 'GET' && path === '/healthz') return send(res, 200, 'text/plain', 'ok');
    if (method === 'GET' && path === '/assets/htmx.min.js') return send(res, 200, 'text/javascript', this.htmx, true);
    if (method === 'GET' && path === '/assets/sandbox.js') return send(res, 200, 'text/javascript', SANDBOX_JS, true);
    if (method === 'GET' && path === '/assets/sandbox.css') return send(res, 200, 'text/css', SANDBOX_CSS, true);
    if (method === 'GET' && path === '/events') return this.events(req, res);
    if (method === 'GET' && path === '/log') return sendPart(res, logHtml(this.log));
    if (method === 'GET' && path === '/clock') return sendHtml(res, this.clockPart(url.searchParams.get('u') ?? ''));
    if (method === 'POST' && path === '/clock') return this.moveClock(res, form.get('by') ?? '');
    if (method === 'POST' && path === '/reset') {
      await this.deps.reset();
      return send(res, 204, 'text/plain', '');
    }
    const file = /^\/files\/([A-Z0-9]+)$/.exec(path);
    if (method === 'GET' && file) return this.download(res, file[1] as string);
    const personal = /^\/u\/([A-Z0-9]+)(\/.*)?$/.exec(path);
    if (!personal) return sendHtml(res, problemHtml('There is no such page.'), 404);
    const user = this.deps.slack.user(personal[1] as string);
    if (!user || user.isBot || user.deleted) return sendHtml(res, problemHtml('There is nobody by that id in the demo workspace.'), 404);
    return this.personalRoute(req, res, method, user, personal[2] ?? '/', url, form);
  }

  private async personalRoute(req: IncomingMessage, res: ServerResponse, method: string, user: SandboxUser, rest: string, url: URL, form: URLSearchParams): Promise<void> {
    if (method === 'GET' && (rest === '/' || rest === '')) return redirect(res, `/u/${user.id}/c/${this.firstChannelOf(user).id}`);
    if (method === 'GET' && rest === '/sidebar') return sendPart(res, sidebarHtml(user.id, url.searchParams.get('at') ?? '', this.sidebar(user)));
    if (method === 'GET' && rest === '/modal') return this.modalPart(res, user, url.searchParams.get('known') ?? '');
    if (method === 'GET' && rest === '/home') return this.homePage(res, user);
    if (method === 'GET' && rest === '/home/view') return sendPart(res, homeBody(user.id, this.homeView(user), this.context(user)));
    if (method === 'POST' && rest === '/act') return this.act(res, user, form);
    if (method === 'POST' && rest === '/suggest') return this.suggest(res, user, form);
    const view = /^\/views\/([A-Z0-9]+)\/(submit|close)$/.exec(rest);
    if (method === 'POST' && view) return view[2] === 'submit' ? this.submit(res, user, view[1] as string, form) : this.closeView(res, user, view[1] as string);
    const conversation = /^\/c\/([A-Z0-9]+)(\/.*)?$/.exec(rest);
    if (conversation) {
      const channel = this.deps.slack.channel(conversation[1] as string);
      if (!channel || !this.mayRead(user, channel)) {
        if (method === 'GET' && !conversation[2]) return redirect(res, `/u/${user.id}/c/${this.firstChannelOf(user).id}`);
        return sendHtml(res, problemHtml('That conversation is not one this person can see.'), 404);
      }
      const sub = conversation[2] ?? '';
      if (method === 'GET' && sub === '') return this.conversationPage(res, user, channel, url.searchParams.get('thread') ?? undefined);
      if (method === 'GET' && sub === '/messages') return sendPart(res, this.messagesPart(user, channel));
      const thread = /^\/thread\/(\d+\.\d+)$/.exec(sub);
      if (method === 'GET' && thread) return sendPart(res, this.threadPart(user, channel, thread[1] as string) ?? html`<p class="empty">This thread is gone.</p>`);
      if (method === 'POST' && sub === '/send') return this.send(res, user, channel, form);
      if (method === 'POST' && sub === '/join') return this.join(res, user, channel);
    }
    void req;
    return sendHtml(res, problemHtml('There is no such page.'), 404);
  }

  // --- pages and parts ---

  private model(user: SandboxUser, at: string, title: string, member: boolean, thread?: string): PageModel {
    return {
      viewer: { id: user.id, name: user.realName, timeZone: user.tz },
      people: this.humans().map((p) => ({ id: p.id, name: p.realName, timeZone: p.tz })),
      at,
      title,
      member,
      commands: this.deps.commands,
      ...(thread ? { thread } : {}),
    };
  }

  private conversationPage(res: ServerResponse, user: SandboxUser, channel: SandboxChannel, thread: string | undefined): void {
    const model = this.model(user, channel.id, this.titleOf(user, channel), channel.members.has(user.id), thread);
    const hasThread = thread !== undefined && this.threadPart(user, channel, thread) !== undefined;
    sendHtml(
      res,
      pageHtml(model, {
        clock: this.clockPart(user.id),
        sidebar: sidebarHtml(user.id, channel.id, this.sidebar(user)),
        main: conversationHtml(model, this.messagesPart(user, channel)),
        ...(hasThread && thread ? { thread: threadHtml(user.id, channel.id, ...this.threadPieces(user, channel, thread), thread) } : {}),
        log: logHtml(this.log),
        modal: this.modalMarkup(user),
      }),
    );
  }

  private homePage(res: ServerResponse, user: SandboxUser): void {
    const dm = this.deps.slack.openDm(user.id);
    // Opening the Home tab is an event Guild hears (app_home_opened), as in Slack.
    void this.deps
      .driver()
      .event({ type: 'app_home_opened', user: user.id, channel: dm, tab: 'home', event_ts: (this.deps.clock.now().getTime() / 1000).toFixed(6) })
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'app_home_opened could not be delivered'));
    const model = this.model(user, 'home', 'Guild — Home', true);
    sendHtml(res, pageHtml(model, { clock: this.clockPart(user.id), sidebar: sidebarHtml(user.id, 'home', this.sidebar(user)), main: homeHtml(user.id, this.homeView(user), this.context(user)), log: logHtml(this.log), modal: this.modalMarkup(user) }));
  }

  private homeView(user: SandboxUser): { id: string; blocks: unknown[] } | undefined {
    const home = this.deps.slack.home(user.id);
    return home ? { id: home.id, blocks: home.view.blocks } : undefined;
  }

  private clockPart(userId: string): Html {
    const zone = this.deps.slack.user(userId)?.tz ?? 'UTC';
    return clockHtml(this.deps.clock.now(), zone, this.deps.clock.offsetMs);
  }

  private messagesPart(user: SandboxUser, channel: SandboxChannel): Html {
    const shown = [...this.deps.slack.messages(channel.id).filter((m) => !m.deleted || m.replies.some((r) => !r.deleted)).map((m) => this.shown(m, user)), ...this.onlyFor(user, channel, undefined)].sort(byTs);
    const latest = this.deps.slack.messages(channel.id).at(-1);
    if (latest) (this.seen[user.id] ??= {})[channel.id] = latest.ts;
    return messagesHtml(shown, this.context(user), { viewer: user.id, threadLinks: true });
  }

  private threadPieces(user: SandboxUser, channel: SandboxChannel, threadTs: string): [Html, Html] {
    const parent = this.deps.slack.messages(channel.id).find((m) => m.ts === threadTs);
    const ctx = this.context(user);
    if (!parent) return [html`<p class="empty">This thread is gone.</p>`, html``];
    const replies = [...parent.replies.filter((r) => !r.deleted).map((r) => this.shown(r, user)), ...this.onlyFor(user, channel, threadTs)].sort(byTs);
    return [messageHtml(this.shown(parent, user), ctx, { viewer: user.id, threadLinks: false }), messagesHtml(replies, ctx, { viewer: user.id, threadLinks: false })];
  }

  private threadPart(user: SandboxUser, channel: SandboxChannel, threadTs: string): Html | undefined {
    if (!this.deps.slack.messages(channel.id).some((m) => m.ts === threadTs)) return undefined;
    return threadBody(...this.threadPieces(user, channel, threadTs));
  }

  private shown(m: Message, viewer?: SandboxUser): ShownMessage {
    const blocks = m.blocks && viewer ? this.withChoices(viewer.id, m.channel, m.ts, m.blocks) : m.blocks;
    const author = m.user ? this.deps.slack.user(m.user) : undefined;
    return {
      ts: m.ts,
      channel: m.channel,
      author: { id: m.user ?? '', name: m.botId || author?.isBot ? 'Guild' : (author?.realName ?? m.user ?? 'someone'), isApp: Boolean(m.botId || author?.isBot) },
      text: m.text,
      ...(blocks ? { blocks } : {}),
      edited: m.edited !== undefined,
      deleted: m.deleted === true,
      replyCount: m.replies.filter((r) => !r.deleted).length,
      files: m.files ?? [],
    };
  }

  /** Ephemerals and Slack's own notices for this person here (in the thread, or outside threads). */
  private onlyFor(user: SandboxUser, channel: SandboxChannel, threadTs: string | undefined): ShownMessage[] {
    const ephemerals = this.deps.slack
      .ephemerals({ user: user.id, channel: channel.id })
      .filter((e) => e.threadTs === threadTs)
      .map(
        (e): ShownMessage => ({ ts: e.ts, channel: e.channel, author: { id: '', name: 'Guild', isApp: true }, text: e.text, ...(e.blocks ? { blocks: e.blocks } : {}), edited: false, deleted: false, replyCount: 0, files: [], only: 'ephemeral' }),
      );
    const notices = this.notices.filter((n) => n.user === user.id && n.channel === channel.id && (threadTs === undefined ? n.replyCount === 0 : true));
    return [...ephemerals, ...notices];
  }

  private modalMarkup(user: SandboxUser): Html {
    const { key, markup } = this.modal(user);
    return html`<div class="modal-root" data-key="${key}">${markup}</div>`;
  }

  private modal(user: SandboxUser): { key: string; markup: Html } {
    const stack = this.deps.slack.views(user.id);
    const top = stack.at(-1);
    if (!top) return { key: '', markup: html`` };
    const view = top.view;
    const title = isObject(view.title) ? String(view.title.text ?? '') : '';
    const errors = top.errors;
    const failure = this.failures.get(top.id);
    // Refused (by Guild beside its fields, or by Slack before sending): the form keeps what was typed.
    const blocks = errors || failure ? withDraft(view.blocks, this.drafts.get(top.id), user.tz) : view.blocks;
    const key = `${top.id}:${top.hash}:${JSON.stringify(errors ?? {})}:${failure ?? ''}:${stack.length}`;
    const markup = modalHtml(
      user.id,
      {
        id: top.id,
        title,
        ...(isObject(view.submit) ? { submit: String(view.submit.text ?? '') } : {}),
        ...(isObject(view.close) ? { close: String(view.close.text ?? '') } : {}),
        blocks,
        ...(errors ? { errors } : {}),
        depth: stack.length,
        ...(failure ? { failure } : {}),
      },
      this.context(user),
    );
    return { key, markup };
  }

  private modalPart(res: ServerResponse, user: SandboxUser, known: string): void {
    const { key } = this.modal(user);
    // htmx leaves the modal alone on 204: a redraw would throw away what the person is typing.
    if (key === known) return send(res, 204, 'text/plain', '');
    sendHtml(res, this.modalMarkup(user));
  }

  private sidebar(user: SandboxUser): SidebarEntry[] {
    const seen = this.seen[user.id] ?? {};
    const unread = (c: SandboxChannel) => this.deps.slack.messages(c.id).filter((m) => !m.deleted && m.user !== user.id && Number(m.ts) > Number(seen[c.id] ?? 0)).length;
    const entries: SidebarEntry[] = [];
    for (const c of this.deps.slack.conversations()) {
      if (c.isIm) {
        if (c.imUser === user.id) entries.push({ id: c.id, label: 'Guild', kind: 'dm', unread: unread(c), member: true });
      } else if (c.isMpim) {
        if (c.members.has(user.id)) entries.push({ id: c.id, label: [...c.members].filter((m) => m !== user.id).map((m) => this.deps.slack.user(m)?.displayName ?? m).join(', '), kind: 'group', unread: unread(c), member: true });
      } else if (c.members.has(user.id)) {
        entries.push({ id: c.id, label: c.name, kind: c.isPrivate ? 'private' : 'channel', unread: unread(c), member: true });
      }
    }
    return entries.sort((a, b) => a.label.localeCompare(b.label));
  }

  private context(user: SandboxUser): BlockContext {
    const slack = this.deps.slack;
    return {
      viewer: user.id,
      timeZone: user.tz,
      now: this.deps.clock.now(),
      userName: (id) => {
        const u = slack.user(id);
        return u ? (u.isBot ? 'Guild' : u.displayName || u.realName) : undefined;
      },
      channelName: (id) => slack.channel(id)?.name,
      people: this.humans().map((p) => ({ id: p.id, name: p.realName })),
      conversations: slack.conversations().filter((c) => !c.isIm && !c.isMpim && (!c.isPrivate || c.members.has(user.id))).map((c) => ({ id: c.id, name: c.name })),
    };
  }

  // --- actions ---

  private async send(res: ServerResponse, user: SandboxUser, channel: SandboxChannel, form: URLSearchParams): Promise<void> {
    const text = (form.get('text') ?? '').trim();
    const thread = form.get('thread') || undefined;
    // Slack's composer sends nothing for an empty message, and refuses one over its limit.
    if (text === '') return send(res, 400, 'text/plain', 'An empty message is not sent.');
    if (text.length > MESSAGE_TEXT_MAX) {
      this.notice(user, channel, `Your message is too long to send: ${text.length.toLocaleString('en')} characters, and Slack takes at most ${MESSAGE_TEXT_MAX.toLocaleString('en')}.`);
      return send(res, 413, 'text/plain', 'too long');
    }
    try {
      if (text.startsWith('/')) {
        const [command = '', ...words] = text.split(/\s+/);
        if (!this.deps.slashCommands.includes(command)) {
          this.notice(user, channel, `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands. If you are trying to send a message and not run a command, try preceding the "/" with an empty space.`);
          return send(res, 204, 'text/plain', '');
        }
        const result = await this.deps.driver().command({ user: user.id, channel: channel.id, command, text: text.slice(command.length).trim() || words.join(' ') });
        this.afterDelivery(user, channel, result);
      } else {
        // A person's text reaches apps with Slack's three escapes applied, as from Slack's own composer.
        const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        await this.deps.driver().message({ user: user.id, channel: channel.id, text: escaped, ...(thread ? { threadTs: thread } : {}) });
      }
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
      this.notice(user, channel, `Slack would not let you do that: ${err.message}.`);
    }
    send(res, 204, 'text/plain', '');
  }

  private async join(res: ServerResponse, user: SandboxUser, channel: SandboxChannel): Promise<void> {
    try {
      await this.deps.driver().joinChannel({ user: user.id, channel: channel.id });
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
      this.notice(user, channel, `Slack would not let you join: ${err.message}.`);
    }
    this.scheduleBroadcast();
    // The join bar becomes the composer, and the channel appears in the sidebar: a member's page.
    res.writeHead(204, { 'cache-control': 'no-store', 'hx-refresh': 'true' });
    res.end();
  }

  private async act(res: ServerResponse, user: SandboxUser, form: URLSearchParams): Promise<void> {
    const actionId = form.get('actionId') ?? '';
    const blockId = form.get('blockId') ?? undefined;
    const viewId = form.get('viewId') ?? undefined;
    const channelId = form.get('channel') ?? undefined;
    const ts = form.get('ts') ?? undefined;
    const channel = channelId ? this.deps.slack.channel(channelId) : undefined;
    const blocks = this.surfaceBlocks(user, { viewId, channel: channelId, ts });
    const where = channel ?? this.firstChannelOf(user);
    if (!blocks) {
      this.notice(user, where, viewId ? 'That form is no longer open.' : 'This message was deleted, so its buttons do nothing.');
      this.addLog({ level: 'warn', text: `${user.realName} clicked ${actionId} on a ${viewId ? 'closed view' : 'deleted message'}: nothing was sent to Guild` });
      return send(res, 409, 'text/plain', 'gone');
    }
    const element = [...interactiveElements(blocks)].find((e) => e.element.action_id === actionId && (!blockId || e.blockId === blockId))?.element;
    // Menus send `selected`; checkbox and radio groups are fields named by block and action.
    const selected = [...form.getAll('selected'), ...(blockId ? form.getAll(fieldName(blockId, actionId)) : [])].filter((v) => v !== '');
    const choice = element ? actionChoice(element, form.get('value') ?? undefined, selected) : {};
    if (element && channelId && ts && blockId && ['checkboxes', 'multi_static_select', 'static_select', 'radio_buttons'].includes(String(element.type))) {
      this.choices.set(this.choiceKey(user.id, channelId, ts, blockId, actionId), { blocks: JSON.stringify(blocks), values: selected });
    }
    try {
      const result = await this.deps.driver().blockAction({ user: user.id, actionId, ...(blockId ? { blockId } : {}), ...(viewId ? { viewId } : { channel: channelId, messageTs: ts }), ...choice });
      this.afterDelivery(user, where, result);
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
      this.notice(user, where, `Slack would not send that click: ${err.message}.`);
    }
    send(res, 204, 'text/plain', '');
  }

  /**
   * A person typed in (or opened) an external select: Slack's options request, through the
   * driver, and the list of what Guild answered. Nothing is sent below the menu's
   * min_query_length, as in Slack; an answer Slack would refuse shows no options.
   */
  private async suggest(res: ServerResponse, user: SandboxUser, form: URLSearchParams): Promise<void> {
    const field = form.get('field') ?? '';
    const value = form.get(queryFieldName(field)) ?? '';
    const viewId = form.get('viewId') ?? '';
    const blockId = form.get('blockId') ?? '';
    const actionId = form.get('actionId') ?? '';
    const chosen = form.get(field) ?? '';
    try {
      const result = await this.deps.driver().blockSuggestion({ user: user.id, viewId, blockId, actionId, value });
      const note = result.options.problem ? 'No results' : undefined;
      if (result.options.problem) this.addLog({ level: 'error', text: `Slack showed ${user.realName} no options for ${actionId}: ${result.options.problem}` });
      return sendHtml(res, externalOptionsHtml({ options: result.options.options, ...(result.options.optionGroups ? { optionGroups: result.options.optionGroups } : {}), ...(note ? { note } : {}) }, chosen));
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
      // Below min_query_length Slack shows the menu empty and asks for more typing.
      return sendHtml(res, externalOptionsHtml({ options: [], note: /min_query_length/.test(err.message) ? 'Keep typing to search' : 'No results' }, chosen));
    }
  }

  private async submit(res: ServerResponse, user: SandboxUser, viewId: string, form: URLSearchParams): Promise<void> {
    const view = this.deps.slack.views(user.id).find((v) => v.id === viewId);
    if (!view) {
      this.addLog({ level: 'warn', text: `${user.realName} submitted a form that is no longer open: nothing was sent to Guild` });
      return send(res, 409, 'text/plain', 'This form is no longer open.');
    }
    // Slack disables the submit button while it waits for the app: a second click sends nothing.
    if (this.submitting.has(viewId)) return send(res, 409, 'text/plain', 'Already submitting.');
    this.submitting.add(viewId);
    try {
      this.drafts.set(viewId, form);
      this.failures.delete(viewId);
      const values = formValues(view.view.blocks, form, user.tz);
      const result = await this.deps.driver().submitView({ user: user.id, viewId, values });
      if (result.failed) this.failures.set(viewId, result.userVisibleMessage ?? `Slack could not show Guild's answer (${result.userVisibleError ?? 'error'}).`);
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
      this.failures.set(viewId, `Slack would not submit this form: ${err.message}.`);
    } finally {
      this.submitting.delete(viewId);
      this.scheduleBroadcast();
    }
    send(res, 204, 'text/plain', '');
  }

  private async closeView(res: ServerResponse, user: SandboxUser, viewId: string): Promise<void> {
    try {
      await this.deps.driver().closeView({ user: user.id, viewId });
    } catch (err) {
      if (!(err instanceof ImpossibleInteractionError)) throw err;
    }
    this.drafts.delete(viewId);
    this.failures.delete(viewId);
    this.scheduleBroadcast();
    send(res, 204, 'text/plain', '');
  }

  private async moveClock(res: ServerResponse, by: string): Promise<void> {
    const HOUR = 3_600_000;
    if (by === '1h') this.deps.clock.advance(HOUR);
    else if (by === '1d') this.deps.clock.advance(24 * HOUR);
    else if (by === 'next') {
      const next = await this.deps.nextDue();
      if (!next) {
        this.addLog({ level: 'info', text: 'Fast-forward: Guild has nothing scheduled' });
        return send(res, 204, 'text/plain', '');
      }
      // A second past the due time, so the scheduler's next heartbeat finds the job due.
      const jump = next.getTime() - this.deps.clock.now().getTime() + 1000;
      this.deps.clock.advance(jump);
      this.addLog({ level: 'info', text: `Fast-forward to Guild's next job, due ${next.toISOString().replace('T', ' ').slice(0, 16)} UTC` });
    } else return send(res, 400, 'text/plain', 'by must be 1h, 1d or next');
    this.scheduleBroadcast();
    send(res, 204, 'text/plain', '');
  }

  private download(res: ServerResponse, id: string): void {
    const file = this.deps.slack.file(id);
    if (!file?.content) return send(res, 404, 'text/plain', 'No such file.');
    res.writeHead(200, {
      'content-type': file.name.endsWith('.csv') ? 'text/csv; charset=utf-8' : file.name.endsWith('.md') ? 'text/markdown; charset=utf-8' : 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
      'content-length': file.content.length,
    });
    res.end(file.content);
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: hello\ndata: ${this.version}\n\n`);
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  // --- helpers ---

  private choiceKey(user: string, channel: string, ts: string, blockId: string, actionId: string): string {
    return [user, channel, ts, blockId, actionId].join('|');
  }

  /** The message's blocks as this person last left them: their ticks and picks as initial values. */
  private withChoices(user: string, channel: string, ts: string, blocks: unknown[]): unknown[] {
    const json = JSON.stringify(blocks);
    const apply = (blockId: string, el: unknown): unknown => {
      if (!isObject(el)) return el;
      const kept = this.choices.get(this.choiceKey(user, channel, ts, blockId, String(el.action_id)));
      if (!kept || kept.blocks !== json) return el;
      const offered = Array.isArray(el.options) ? el.options.filter(isObject) : [];
      const picked = offered.filter((o) => kept.values.includes(String(o.value)));
      if (el.type === 'checkboxes' || el.type === 'multi_static_select') return { ...el, initial_options: picked };
      if ((el.type === 'static_select' || el.type === 'radio_buttons') && picked[0]) return { ...el, initial_option: picked[0] };
      return el;
    };
    return blocks.map((block) => {
      if (!isObject(block)) return block;
      const blockId = String(block.block_id);
      if (block.type === 'actions' && Array.isArray(block.elements)) return { ...block, elements: block.elements.map((e) => apply(blockId, e)) };
      if (block.type === 'section' && block.accessory) return { ...block, accessory: apply(blockId, block.accessory) };
      return block;
    });
  }

  /** What Slack shows a person when an interaction fails, here as a notice beside the conversation. */
  private afterDelivery(user: SandboxUser, channel: SandboxChannel, result: DeliveryResult): void {
    if (result.failed) this.notice(user, channel, `⚠️ ${result.userVisibleMessage ?? `Guild did not answer in time (${result.userVisibleError ?? 'error'}).`}`);
  }

  private notice(user: SandboxUser, channel: SandboxChannel, text: string): void {
    const ts = (this.deps.clock.now().getTime() / 1000).toFixed(6);
    this.notices.push({ user: user.id, ts, channel: channel.id, author: { id: 'USLACKBOT', name: 'Slackbot', isApp: true }, text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), edited: false, deleted: false, replyCount: 0, files: [], only: 'slackbot' });
    if (this.notices.length > LOG_MAX) this.notices.shift();
    this.scheduleBroadcast();
  }

  private surfaceBlocks(user: SandboxUser, at: { viewId?: string | undefined; channel?: string | undefined; ts?: string | undefined }): unknown[] | undefined {
    const slack = this.deps.slack;
    if (at.viewId) {
      const view = slack.views(user.id).find((v) => v.id === at.viewId) ?? (slack.home(user.id)?.id === at.viewId ? slack.home(user.id) : undefined);
      return view?.view.blocks;
    }
    if (!at.channel || !at.ts) return undefined;
    const all = slack.messages(at.channel).flatMap((m) => [m, ...m.replies]);
    const message = all.find((m) => m.ts === at.ts);
    if (message) return message.deleted ? undefined : (message.blocks ?? []);
    return slack.ephemerals({ user: user.id, channel: at.channel }).find((e) => e.ts === at.ts)?.blocks;
  }

  private humans(): SandboxUser[] {
    return this.deps.slack.people().filter((u) => !u.isBot && !u.deleted);
  }

  private defaultPerson(): SandboxUser {
    const first = this.humans()[0];
    if (!first) throw new Error('the demo workspace has nobody in it');
    return first;
  }

  private defaultChannel(): SandboxChannel {
    return this.firstChannelOf(this.defaultPerson());
  }

  /** Where a person lands: the first channel Guild is in that they are in, else any of theirs. */
  private firstChannelOf(user: SandboxUser): SandboxChannel {
    const mine = this.deps.slack.conversations().filter((c) => !c.isIm && !c.isMpim && c.members.has(user.id));
    const found = mine.find((c) => c.members.has(this.deps.slack.botUserId)) ?? mine[0] ?? this.deps.slack.conversations().find((c) => !c.isPrivate);
    if (!found) throw new Error('the demo workspace has no channel');
    return found;
  }

  private mayRead(user: SandboxUser, channel: SandboxChannel): boolean {
    if (channel.isIm) return channel.imUser === user.id;
    if (channel.isMpim || channel.isPrivate) return channel.members.has(user.id);
    return true;
  }

  private titleOf(user: SandboxUser, channel: SandboxChannel): string {
    if (channel.isIm) return 'Guild';
    if (channel.isMpim) return [...channel.members].filter((m) => m !== user.id).map((m) => this.deps.slack.user(m)?.displayName ?? m).join(', ');
    return `${channel.isPrivate ? '🔒' : '#'}${channel.name}`;
  }
}

/** The driver's description of a click, from the element clicked and what the person chose. */
export function actionChoice(element: JsonObject, value: string | undefined, selected: string[]): Partial<ActionChoice> {
  const first = selected[0];
  switch (element.type) {
    case 'button':
      return value !== undefined ? { value } : {};
    case 'static_select':
    case 'external_select':
    case 'overflow':
    case 'radio_buttons':
      return first !== undefined ? { selectedOption: first } : {};
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { selectedOptions: selected };
    case 'users_select':
      return first !== undefined ? { selectedUser: first } : {};
    case 'multi_users_select':
      return { selectedUsers: selected };
    case 'channels_select':
      return first !== undefined ? { selectedChannel: first } : {};
    case 'conversations_select':
      return first !== undefined ? { selectedConversation: first } : {};
    case 'datepicker':
      return first !== undefined ? { selectedDate: first } : {};
    case 'timepicker':
      return first !== undefined ? { selectedTime: first } : {};
    default:
      return value !== undefined ? { value } : {};
  }
}

const byTs = (a: { ts: string }, b: { ts: string }) => Number(a.ts) - Number(b.ts);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Twice Slack's message limit in UTF-8 worst case is plenty for any form the page sends.
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string, cache = false): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...(cache ? { 'cache-control': 'max-age=300' } : { 'cache-control': 'no-store' }) });
  res.end(status === 204 ? undefined : body);
}

function sendHtml(res: ServerResponse, markup: Html, status = 200): void {
  send(res, status, 'text/html', markup.value);
}

/** A live part of the page, with its key (`partKey`): the page skips a refresh that changed nothing. */
function sendPart(res: ServerResponse, markup: Html): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-part': partKey(markup) });
  res.end(markup.value);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { location: to });
  res.end();
}

export { isObject };
