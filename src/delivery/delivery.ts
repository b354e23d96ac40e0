import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../db/client';
import type { Clock } from '../scheduler/clock';
import type { JobStore } from '../scheduler/job-store';
import { RetryLater, type JobContext, type JobHandler } from '../scheduler/scheduler';
import { LocalRateGate } from './local-rate-gate';
import { SharedRateGate, type RateGate } from './rate-gate';
import { classifySlackError } from './slack-errors';
import { limitForKey, SLACK_LIMITS, type SlackLimits } from './slack-limits';
import type { MessageContent, Publisher, Recipient } from './outbox';
import { wellFormed } from '../slack/kit/text';

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * A message as it is stored for delivery. Text is made well-formed on the way in (a lone UTF-16
 * surrogate, left by a careless cut somewhere, is replaced by U+FFFD): Postgres refuses such
 * JSON, and one refused message would otherwise fail the whole transaction that queued it.
 */
function storable(content: MessageContent): { text: string; blocks?: Prisma.InputJsonValue } {
  const text = wellFormed(content.text);
  return content.blocks ? { text, blocks: wellFormedJson(content.blocks) as Prisma.InputJsonValue } : { text };
}

function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormedJson(v)]));
  return value;
}

export const DELIVERY_JOB = 'delivery.send';
export const UPDATE_JOB = 'delivery.update';
/** Marks Guild's messages so a retry can tell whether an earlier attempt was posted after all. */
const METADATA_EVENT = 'guild_outbound';

export interface OutboundRequest {
  /** Idempotency key: the same key is sent at most once, however often it is requested. */
  key: string;
  /** A channel, or the people of a DM (one user) or group DM (2–8 users). */
  to: { channel: string } | { users: string[] };
  text: string;
  blocks?: KnownBlock[];
  threadTs?: string;
  /** Not before this instant (default: now). */
  at?: Date;
}

export interface DeliveryOptions {
  prisma: PrismaClient;
  jobs: JobStore;
  /** A client used only by the gateway: no retries of its own, rate limits rejected, not waited on. */
  client: WebClient;
  logger: Logger;
  clock: Clock;
  limits?: Partial<SlackLimits>;
  /** `shared` (default): the budget is booked in Postgres, for every replica; `local`: in memory, for one replica only. */
  rateBudget?: 'shared' | 'local';
  /** Longest a send waits for Slack's rate limits inside one job run before handing the job back. Default 20 s. */
  maxWaitMs?: number;
}

/**
 * The one gateway for outbound messages. `send` records the message and a job in the caller's
 * transaction; the job posts it under Slack's limits, exactly once per key, and records where it
 * went (channel, ts) so it can be updated later. Permanent errors are recorded, not retried.
 */
export class Delivery implements Publisher {
  private readonly gate: RateGate;
  private readonly dmCache = new Map<string, string>();

  constructor(private readonly options: DeliveryOptions) {
    const limits = limitForKey({ ...SLACK_LIMITS, ...options.limits });
    this.gate = options.rateBudget === 'local' ? new LocalRateGate(limits) : new SharedRateGate(options.prisma, limits);
  }

  async send(request: OutboundRequest, db: Db = this.options.prisma): Promise<void> {
    await this.sendMany([request], db);
  }

  /** Queues many messages in two statements (a broadcast to a whole community, say). */
  async sendMany(requests: OutboundRequest[], db: Db = this.options.prisma): Promise<void> {
    await this.queue(requests, db);
  }

  /** Records the messages not queued before and their delivery jobs; says how many were new. */
  private async queue(requests: OutboundRequest[], db: Db): Promise<number> {
    if (requests.length === 0) return 0;
    const now = this.options.clock.now();
    const rows = requests.map((request) => {
      const users = 'users' in request.to ? [...new Set(request.to.users)].sort() : [];
      if ('users' in request.to && (users.length < 1 || users.length > 8)) throw new Error(`a DM goes to 1 to 8 people, not ${users.length}`);
      return {
        key: request.key,
        channelId: 'channel' in request.to ? request.to.channel : null,
        userIds: users,
        ...storable(request),
        threadTs: request.threadTs ?? null,
      };
    });
    const { count } = await db.outboundMessage.createMany({ data: rows, skipDuplicates: true });
    await this.options.jobs.enqueue(
      requests.map((r) => ({ key: `delivery:${r.key}`, kind: DELIVERY_JOB, payload: { key: r.key }, runAt: r.at ?? now, maxAttempts: 8 })),
      db,
    );
    return count;
  }

  /**
   * Posts the message under `key` the first time, and edits that same message every later time
   * (a board, a poll, an RSVP card). Two first publishes at once post it once: the second's
   * insert is skipped, and it becomes an edit.
   */
  async publish(key: string, to: Recipient, content: MessageContent, db: Db = this.options.prisma): Promise<void> {
    if ((await this.queue([{ key, to, ...content }], db)) === 0) await this.update(key, content, db);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.options.prisma.outboundMessage.count({ where: { key } })) > 0;
  }

  /** The key of the message Guild posted at (channel, ts), if it posted one there. */
  async keyAt(channelId: string, ts: string): Promise<string | undefined> {
    const message = await this.options.prisma.outboundMessage.findFirst({ where: { channelId, ts }, select: { key: true } });
    return message?.key;
  }

  /**
   * Changes a message Guild sent (or is about to send). Edits are coalesced: whatever the number
   * of calls, Slack receives the latest content, as soon as chat.update's limits allow.
   */
  async update(key: string, content: { text: string; blocks?: KnownBlock[] }, db: Db = this.options.prisma): Promise<void> {
    const { count } = await db.outboundMessage.updateMany({ where: { key }, data: { ...storable(content), version: { increment: 1 } } });
    if (count === 0) throw new Error(`no message ${key} to update`);
    await this.options.jobs.rearm({ key: `update:${key}`, kind: UPDATE_JOB, payload: { key }, runAt: this.options.clock.now(), maxAttempts: 8 }, db);
  }

  /**
   * Sends one person a file in their DM (an export they asked for) straight away, under the
   * gateway's rate limits. Not queued: the person is waiting, and a failure is reported to them
   * to try again rather than retried behind their back.
   */
  async uploadToUser(userId: string, file: { filename: string; title: string; content: string; comment?: string }): Promise<void> {
    const channel = await this.dmChannel([userId], { logger: this.options.logger }, true);
    if (!channel) throw new Error(`cannot open a DM with ${userId}`);
    await this.gate.acquire(['method:files.getUploadURLExternal', 'method:files.completeUploadExternal']);
    await this.options.client.filesUploadV2({
      channel_id: channel,
      filename: file.filename,
      title: file.title,
      content: file.content,
      ...(file.comment ? { initial_comment: file.comment } : {}),
    });
  }

  /** Where a sent message is, for updating it later. */
  async sent(key: string): Promise<{ channelId: string; ts: string } | undefined> {
    const message = await this.options.prisma.outboundMessage.findUnique({ where: { key } });
    return message?.status === 'sent' && message.channelId && message.ts ? { channelId: message.channelId, ts: message.ts } : undefined;
  }

  /** The job that applies edits (see `update`). */
  updateHandler(): JobHandler {
    return { kind: UPDATE_JOB, run: (payload, context) => this.applyUpdate(payload, context) };
  }

  handler(): JobHandler {
    return {
      kind: DELIVERY_JOB,
      run: (payload, context) => this.deliver(payload, context),
      // Slack's 5xx and network errors are usually brief: retry sooner than the default.
      backoffMs: (attempt) => Math.round(Math.min(500 * 2 ** (attempt - 1), 30_000) * (0.75 + Math.random() * 0.5)),
    };
  }

  private async deliver(payload: unknown, context: JobContext): Promise<void> {
    const key = (payload as { key?: unknown }).key;
    if (typeof key !== 'string') throw new Error('delivery job without a message key');
    const { prisma } = this.options;
    const message = await prisma.outboundMessage.findUnique({ where: { key } });
    if (!message || message.status !== 'pending') return;
    await prisma.outboundMessage.update({ where: { key }, data: { attempts: { increment: 1 }, lastAttemptAt: this.options.clock.now() } });

    // On a retry, a 1:1 DM needs its real channel id, to look for an earlier attempt's message.
    const retrying = message.attempts > 0;
    const channel = message.channelId ?? (await this.dmChannel(message.userIds, context, retrying));
    if (!channel) return; // recorded as failed by dmChannel

    // An earlier attempt may have reached Slack without its answer reaching us (crash, timeout).
    if (retrying) {
      const earlier = await this.findPosted(channel, key, message.lastAttemptAt ?? message.createdAt);
      if (earlier) {
        await this.markSent(key, channel, earlier);
        context.logger.info({ key }, 'message had been posted by an earlier attempt');
        return;
      }
    }

    const deadline = Date.now() + (this.options.maxWaitMs ?? 20_000);
    const gateKeys = ['method:chat.postMessage', `channel:${channel}`];
    for (;;) {
      const maxWaitMs = deadline - Date.now();
      const wait = await this.gate.reserve(gateKeys, maxWaitMs);
      if (wait > maxWaitMs) throw new RetryLater(new Date(this.options.clock.now().getTime() + wait), 'waiting for Slack rate limits');
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        const posted = await this.options.client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as unknown as KnownBlock[] } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          metadata: { event_type: METADATA_EVENT, event_payload: { key } },
        });
        if (posted.channel && message.userIds.length === 1) this.rememberDm(message.userIds, posted.channel);
        await this.markSent(key, posted.channel ?? channel, posted.ts ?? '', message.version);
        await this.followUpEdits(key, message.version);
        return;
      } catch (err) {
        const failure = classifySlackError(err);
        if (failure.kind === 'rate_limited') {
          // Slack does not say which limit was hit: stop this channel for Retry-After and ease off the method.
          await this.gate.pause(`channel:${channel}`, failure.retryAfterMs);
          await this.gate.drain('method:chat.postMessage');
          continue;
        }
        if (failure.kind === 'permanent') {
          await prisma.outboundMessage.update({ where: { key }, data: { status: 'failed', error: failure.code } });
          context.logger.warn({ key, channel, error: failure.code }, 'message cannot be delivered');
          return;
        }
        throw new Error(`chat.postMessage failed: ${failure.reason}`);
      }
    }
  }

  /**
   * The channel for a DM or group DM. A single person's DM is addressed by their user id (Slack
   * posts it in the app's DM and returns the channel id, which is then cached); a group DM needs
   * conversations.open, whose answer is cached in memory and in the database.
   */
  private async dmChannel(userIds: string[], context: Pick<JobContext, 'logger'>, needChannelId = false): Promise<string | undefined> {
    const users = userIds.join(',');
    const cached = this.dmCache.get(users) ?? (await this.options.prisma.dmChannel.findUnique({ where: { users } }))?.channelId;
    if (cached) {
      this.dmCache.set(users, cached);
      return cached;
    }
    if (userIds.length === 1 && !needChannelId) return userIds[0];
    await this.gate.acquire(['method:conversations.open']);
    try {
      const opened = await this.options.client.conversations.open({ users });
      const id = opened.channel?.id;
      if (!id) throw new Error('conversations.open returned no channel');
      this.rememberDm(userIds, id);
      return id;
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.kind === 'rate_limited') {
        throw await this.handBack('method:conversations.open', failure.retryAfterMs);
      }
      if (failure.kind === 'permanent') {
        await this.options.prisma.outboundMessage.updateMany({ where: { userIds: { equals: userIds }, status: 'pending' }, data: { status: 'failed', error: failure.code } });
        context.logger.warn({ users, error: failure.code }, 'group DM cannot be opened');
        return undefined;
      }
      throw err;
    }
  }

  /** Slack said wait: nothing more goes out on `key` until then, and the job comes back after it. */
  private async handBack(key: string, retryAfterMs: number): Promise<RetryLater> {
    await this.gate.pause(key, retryAfterMs);
    return new RetryLater(new Date(this.options.clock.now().getTime() + retryAfterMs), `${key.slice('method:'.length)} rate limited`);
  }

  private rememberDm(userIds: string[], channelId: string): void {
    const users = userIds.join(',');
    if (this.dmCache.get(users) === channelId) return;
    this.dmCache.set(users, channelId);
    void this.options.prisma.dmChannel
      .upsert({ where: { users }, create: { users, channelId }, update: { channelId } })
      .catch((err: unknown) => this.options.logger.warn({ err, users }, 'could not cache a DM channel id'));
  }

  /**
   * Looks for this key's message among the channel's messages since the previous attempt began
   * (less a minute for clock skew), page by page, so a busy channel cannot hide it.
   */
  private async findPosted(channel: string, key: string, since: Date): Promise<string | undefined> {
    let cursor: string | undefined;
    let joined = false;
    for (let page = 0; page < 50; page += 1) {
      await this.gate.acquire(['method:conversations.history']);
      let history;
      try {
        history = await this.options.client.conversations.history({
          channel,
          oldest: String(Math.floor(since.getTime() / 1000) - 60),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (err) {
        const failure = classifySlackError(err);
        // Slack shows a channel's history only to members: a public channel Guild posted in
        // through chat:write.public is joined, then searched, rather than posted in twice.
        if (failure.kind === 'permanent' && failure.code === 'not_in_channel' && page === 0 && !joined) {
          joined = await this.join(channel);
          if (joined) {
            page -= 1;
            continue;
          }
        }
        if (failure.kind === 'permanent') {
          this.options.logger.warn({ channel, key, error: failure.code }, 'cannot look for an earlier attempt; the message may be posted twice');
          return undefined;
        }
        if (failure.kind === 'rate_limited') {
          throw await this.handBack('method:conversations.history', failure.retryAfterMs);
        }
        throw err;
      }
      const match = history.messages?.find((m) => {
        const metadata = m.metadata as { event_type?: string; event_payload?: { key?: unknown } } | undefined;
        return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.key === key;
      });
      if (match?.ts) return match.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    throw new Error(`could not finish searching ${channel} for an earlier attempt of ${key}`);
  }

  /** Joins a public channel (scope channels:join); false when Slack refuses. */
  private async join(channel: string): Promise<boolean> {
    await this.gate.acquire(['method:conversations.join']);
    try {
      await this.options.client.conversations.join({ channel });
      this.options.logger.info({ channel }, 'joined the channel to read its history');
      return true;
    } catch (err) {
      this.options.logger.warn({ channel, err }, 'could not join the channel');
      return false;
    }
  }

  private async markSent(key: string, channelId: string, ts: string, version?: number): Promise<void> {
    await this.options.prisma.outboundMessage.update({
      where: { key },
      data: { status: 'sent', channelId, ts, sentAt: this.options.clock.now(), ...(version !== undefined ? { appliedVersion: version } : {}) },
    });
  }

  /** An edit requested while the post was on its way is applied right after it. */
  private async followUpEdits(key: string, postedVersion: number): Promise<void> {
    const latest = await this.options.prisma.outboundMessage.findUnique({ where: { key }, select: { version: true } });
    if (latest && latest.version > postedVersion) {
      await this.options.jobs.rearm({ key: `update:${key}`, kind: UPDATE_JOB, payload: { key }, runAt: this.options.clock.now(), maxAttempts: 8 });
    }
  }

  private async applyUpdate(payload: unknown, context: JobContext): Promise<void> {
    const key = (payload as { key?: unknown }).key;
    if (typeof key !== 'string') throw new Error('update job without a message key');
    const message = await this.options.prisma.outboundMessage.findUnique({ where: { key } });
    // Not posted yet: the post will carry the latest content. Failed: nothing to edit.
    if (!message || message.status !== 'sent' || !message.channelId || !message.ts) return;
    if (message.appliedVersion >= message.version) return;
    const wait = await this.gate.reserve(['method:chat.update'], 0);
    if (wait > 0) throw new RetryLater(new Date(this.options.clock.now().getTime() + wait), 'waiting for chat.update limits');
    try {
      await this.options.client.chat.update({
        channel: message.channelId,
        ts: message.ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as unknown as KnownBlock[] } : {}),
      });
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.kind === 'rate_limited') {
        throw await this.handBack('method:chat.update', failure.retryAfterMs);
      }
      if (failure.kind === 'permanent') {
        context.logger.warn({ key, error: failure.code }, 'message cannot be updated');
        return;
      }
      throw new Error(`chat.update failed: ${failure.reason}`);
    }
    await this.options.prisma.outboundMessage.updateMany({ where: { key, appliedVersion: { lt: message.version } }, data: { appliedVersion: message.version } });
    // Edited again while this one was on its way: go round once more for the newest content.
    const latest = await this.options.prisma.outboundMessage.findUnique({ where: { key }, select: { version: true } });
    if (latest && latest.version > message.version) throw new RetryLater(this.options.clock.now(), 'edited again meanwhile');
  }
}
