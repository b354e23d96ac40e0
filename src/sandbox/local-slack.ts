import { BackgroundTasks } from './background-tasks';
import { SlackDriver } from './drivers/slack-driver';
import { HttpTransport } from './drivers/http.transport';
import { SocketTransport } from './drivers/socket.transport';
import type { Transport } from './drivers/transport';
import { FaultInjector } from './fault-injector';
import { LocalSlackServer } from './local-slack.server';
import { RateLimiter, type MethodLimits } from './rate-limiter';
import { signRequest, type SignatureHeaders } from './request-signing';
import { SandboxState } from './sandbox-state';
import { defaultBotScopes, ScopeSet } from './scopes';
import type {
  AddChannelInput,
  AddUserInput,
  ApiCallRecord,
  DeliveryRecord,
  Ephemeral,
  FaultSpec,
  LocalSlackOptions,
  DeliveryResult,
  Message,
  OpenView,
  SandboxChannel,
  SandboxUser,
  WithheldEvent,
} from './sandbox.types';
import { ScheduledMessages } from './scheduled-messages';
import { seededRandom } from './seeded-random';
import { SocketHub } from './socket-hub';
import { waitFor, type WaitForOptions } from './wait-for';
import { botMethods } from './web-api/method-table';
import { WebApiRouter } from './web-api/web-api.router';
import { BOT, TEAM } from './workspace.store';
import type { SandboxFile } from './file.store';
import type { ChangeListener } from './sandbox-state';
import { restoreSnapshot, takeSnapshot, type SandboxSnapshot } from './snapshot';
import type { ResponseTarget } from './response-url.registry';

/**
 * A faithful local Slack workspace: the Web API and response_urls over HTTP, Socket Mode over
 * WebSocket, and drivers that play Slack's side towards the app. See docs/slack-protocol.md.
 */
export class LocalSlack {
  readonly team = { id: TEAM.id, domain: TEAM.domain };
  readonly botUserId = BOT.userId;
  readonly botId = BOT.botId;
  readonly appId = BOT.appId;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  /** Fault injection: `set` adds a rule for a method ('*' by default), `clear` removes all. */
  readonly faults: { set(spec: FaultSpec): void; clear(): void };

  private readonly state: SandboxState;
  private readonly limiter: RateLimiter;
  private readonly injector: FaultInjector;
  private readonly scheduled: ScheduledMessages;
  private readonly hub: SocketHub;
  private readonly server: LocalSlackServer;
  private readonly background: BackgroundTasks;
  private readonly transports: Transport[] = [];
  /** Drivers in creation order; the newest is where Slack sends what the app is told unprompted. */
  private readonly drivers: SlackDriver[] = [];
  private port = 0;

  private constructor(private readonly options: LocalSlackOptions) {
    this.signingSecret = options.signingSecret;
    this.botToken = options.botToken ?? 'xoxb-local';
    this.appToken = options.appToken ?? 'xapp-local';
    this.state = new SandboxState({
      botToken: this.botToken,
      appToken: this.appToken,
      triggerTtlMs: options.triggerTtlMs ?? 3000,
      recordCalls: options.recordCalls ?? true,
      scopes: new ScopeSet(options.scopes ?? defaultBotScopes()),
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
    });
    // conversations.join: Slack tells the app its bot joined, through wherever it sends events.
    this.state.onBotJoin((channel, inviter) => {
      const driver = this.drivers.at(-1);
      if (driver) this.background.after(0, `member_joined_channel for the bot in ${channel.id}`, () => driver.botJoined(channel, inviter));
    });
    this.limiter = new RateLimiter(options.rateLimits);
    this.injector = new FaultInjector(seededRandom(options.seed ?? 1), () => this.hub.disconnectAll(false));
    this.faults = { set: (spec) => this.injector.set(spec), clear: () => this.injector.clear() };
    this.scheduled = new ScheduledMessages(this.state, options.logger);
    this.hub = new SocketHub(this.state.ids, options.socketPingIntervalMs ?? 10_000, () => this.injector.dropsSockets, options.logger);
    this.background = new BackgroundTasks(options.logger);
    const appMethods = {
      'apps.connections.open': () => ({ url: `ws://127.0.0.1:${this.port}/socket?ticket=${this.hub.issueTicket()}` }),
    };
    const router = new WebApiRouter(this.state, botMethods(this.scheduled), appMethods, this.limiter, this.injector);
    this.server = new LocalSlackServer(this.state, router, this.hub, options.logger);
  }

  static async start(options: LocalSlackOptions): Promise<LocalSlack> {
    const slack = new LocalSlack(options);
    slack.port = await slack.server.listen(options.port ?? 0);
    slack.state.uploadBase = `${slack.baseUrl}/upload/`;
    return slack;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // --- workspace ---

  addUser(input: AddUserInput): SandboxUser {
    return this.state.workspace.addUser(input);
  }

  addChannel(input: AddChannelInput): SandboxChannel {
    return this.state.workspace.addChannel(input);
  }

  deleteUser(userId: string): void {
    this.state.workspace.requireUser(userId).deleted = true;
  }

  user(id: string): SandboxUser | undefined {
    return this.state.workspace.users.get(id);
  }

  channel(id: string): SandboxChannel | undefined {
    return this.state.workspace.channels.get(id);
  }

  // --- drivers ---

  httpDriver({ url }: { url: string }): SlackDriver {
    const transport = new HttpTransport(new URL(url), this.signingSecret, this.options.deliveryTimeoutMs ?? 10_000);
    return this.driver(transport);
  }

  socketDriver(): SlackDriver {
    return this.driver(new SocketTransport(this.hub, this.options.deliveryTimeoutMs ?? 10_000));
  }

  private driver(transport: Transport): SlackDriver {
    this.transports.push(transport);
    const driver = new SlackDriver(
      this.state,
      transport,
      {
        ackTimeoutMs: this.options.ackTimeoutMs ?? 3000,
        eventRetryDelaysMs: this.options.eventRetryDelaysMs ?? [0, 60_000, 300_000],
        responseBase: `${this.baseUrl}/response/`,
        logger: this.options.logger,
      },
      this.background,
    );
    this.drivers.push(driver);
    return driver;
  }

  /**
   * A person adds the bot to a channel, as with `/invite @Guild` typed there: the bot becomes a
   * member, and the app gets member_joined_channel for its own bot user through the newest
   * driver (resolves undefined when no driver exists yet, i.e. no app is listening).
   */
  async inviteBot(channelId: string, byUserId: string): Promise<DeliveryResult | undefined> {
    const driver = this.drivers.at(-1);
    if (driver) return driver.inviteBot({ channel: channelId, by: byUserId });
    const channel = this.state.workspace.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    if (!channel.members.has(byUserId)) throw new Error(`${byUserId} is not in ${channelId} and cannot invite anyone there`);
    this.state.joinBot(channel, byUserId, { silent: true });
    return undefined;
  }

  /** Whether the bot user is in the conversation. */
  botIsMember(channelId: string): boolean {
    return this.state.workspace.channels.get(channelId)?.members.has(this.botUserId) ?? false;
  }

  /** The scopes the bot token holds ('*' when all are granted). */
  get scopes(): string[] {
    return this.state.scopes.list();
  }

  /** A trigger_id as if the user had just interacted (for tests and the browser sandbox). */
  /** A response_url acting on a command's channel or an action's message, as Slack would put in a payload. */
  issueResponseUrl(target: ResponseTarget): string {
    return `${this.baseUrl}/response/${this.state.responseUrls.issue(target)}`;
  }

  issueTriggerId(userId: string): string {
    this.state.workspace.requireUser(userId);
    return this.state.triggers.issue(userId);
  }

  signRequest(rawBody: string, timestampSeconds: number): SignatureHeaders {
    return signRequest(this.signingSecret, rawBody, timestampSeconds);
  }

  get socketConnections(): number {
    return this.hub.connectionCount;
  }

  /** Rotates Socket Mode connections: with `warn`, a `disconnect` message first, as Slack does. */
  disconnectSockets({ warn = true }: { warn?: boolean } = {}): void {
    this.hub.disconnectAll(warn);
  }

  // --- the browser sandbox ---

  /** Called on every change a person could see (see SandboxChange). */
  onChange(listener: ChangeListener): void {
    this.state.onChange(listener);
  }

  /** The workspace's clock was moved (fast-forward): scheduled messages are re-timed. */
  clockMoved(): void {
    this.scheduled.rearm();
    this.state.changed();
  }

  /** The workspace's time in ms: the system's unless `now` was given. */
  now(): number {
    return this.state.clock.nowMs();
  }

  snapshot(): SandboxSnapshot {
    return takeSnapshot(this.state, this.scheduled);
  }

  /** Loads a snapshot taken by `snapshot()`; only into a fresh local Slack (no people added yet). */
  restore(snapshot: SandboxSnapshot): void {
    if (this.state.workspace.users.size > 1) throw new Error('restore needs a fresh local Slack');
    restoreSnapshot(this.state, this.scheduled, snapshot);
  }

  /** The bot's DM with a person (as Slack has one for every app a person uses), opened if need be. */
  openDm(userId: string): string {
    this.state.workspace.requireUser(userId);
    return this.state.workspace.openDirect([userId]).channel.id;
  }

  /** Drops every ephemeral (they vanish for people too, on their next reload of Slack). */
  forgetEphemerals(): void {
    this.state.messages.ephemerals.length = 0;
    this.state.changed();
  }

  /** Every conversation, DMs included. */
  conversations(): SandboxChannel[] {
    return [...this.state.workspace.channels.values()];
  }

  /** Every person (and the bot). */
  people(): SandboxUser[] {
    return [...this.state.workspace.users.values()];
  }

  file(id: string): (SandboxFile & { content?: Buffer }) | undefined {
    return this.state.files.get(id);
  }

  // --- what users would see ---

  messages(channelId: string): Message[] {
    return this.state.messages.list(channelId);
  }

  dmChannelFor(userIds: string[]): string | undefined {
    return this.state.workspace.findDirect(userIds);
  }

  dms(userId: string): Message[] {
    const id = this.dmChannelFor([userId]);
    return id === undefined ? [] : this.messages(id);
  }

  /** Files uploaded and shared (or kept private) by the app, oldest first; `content` holds the bytes. */
  files({ channel }: { channel?: string } = {}): (SandboxFile & { content: Buffer })[] {
    return this.state.files.list().filter((f): f is SandboxFile & { content: Buffer } => f.completed && f.content !== undefined && (channel === undefined || f.channel === channel));
  }

  ephemerals({ user, channel }: { user: string; channel?: string }): Ephemeral[] {
    return this.state.messages.ephemerals.filter((e) => e.user === user && !e.deleted && (channel === undefined || e.channel === channel));
  }

  views(userId: string): OpenView[] {
    return this.state.views.stack(userId);
  }

  home(userId: string): OpenView | undefined {
    return this.state.views.home(userId);
  }

  get calls(): ApiCallRecord[] {
    return this.state.calls;
  }

  callsTo(method: string): ApiCallRecord[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  /** Every delivery attempt to the app, with failures the user would have seen. */
  get deliveries(): DeliveryRecord[] {
    return this.state.deliveries;
  }

  /**
   * Commands, clicks and submissions whose person saw an error: not acknowledged within 3 s, an
   * error status, no answer, or an ack Slack could not apply. Each says `userVisibleError`
   * (e.g. 'operation_timeout') and, where Slack's wording is known, `userVisibleMessage`.
   */
  failedInteractions(): DeliveryRecord[] {
    return this.state.deliveries.filter((d) => d.userVisibleError !== undefined);
  }

  /** Events Slack did not send the app (a message in a channel the bot is not in...). */
  withheldEvents(): WithheldEvent[] {
    return this.state.withheldEvents;
  }

  rateLimitsFor(method: string): MethodLimits {
    return this.limiter.limitsFor(method);
  }

  /**
   * How many calls (to `method`, or to any) were answered 429 because they broke a rate limit,
   * since the start or the last reset; injected faults are not counted. Kept without `recordCalls`.
   */
  rateLimited(method?: string): number {
    return this.limiter.refused(method);
  }

  /** Clears calls, messages, views, ephemerals, scheduled messages and rate buckets; keeps people and channels. */
  resetRecords(): void {
    this.state.resetRecords();
    this.scheduled.clear();
    this.limiter.reset();
  }

  waitFor<T>(predicate: () => T | undefined | null | false, options?: WaitForOptions): Promise<T> {
    return waitFor(predicate, options);
  }

  async stop(): Promise<void> {
    this.scheduled.stop();
    await this.background.stop();
    for (const transport of this.transports) transport.close();
    await this.hub.stop();
    await this.server.close();
  }
}

