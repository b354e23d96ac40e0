import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import type { Prisma, PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Delivery } from '../../delivery/delivery';
import type { Schedules } from '../../scheduler/schedules';
import type { IdeaFeed } from '../../generated/prisma/client';
import { checkFeedUrl } from './ideas.address';
import { IdeasError } from './ideas.errors';
import { checkedAddress, FeedFetchError, fetchFeed, type FeedFetchOptions } from './ideas.fetch';
import { DIGEST_JOB, failureKey, READ_JOB } from './ideas.ids';
import { failureNotice } from './ideas.messages';
import { FeedFormatError, parseFeedText, type FeedPost } from './ideas.parse';

export interface IdeasDeps {
  prisma: PrismaClient;
  community: CommunityService;
  messages: Delivery;
  schedules: Schedules;
  logger: Logger;
  now: () => Date;
  fetch: FeedFetchOptions;
}

/** How one read of a feed went. */
export type ReadResult = { kind: 'unchanged' } | { kind: 'read'; title: string; newPosts: number } | { kind: 'failed'; error: string };

/** At most this many feeds per community. */
export const FEEDS_MAX = 20;
/** At a feed's first read, posts older than this are taken as already known (not in the next digest). */
export const FIRST_READ_WINDOW_MS = 7 * 86_400_000;
/** Feeds of one community read at once in a round. */
const READ_CONCURRENCY = 4;
const ERROR_MAX = 300;

/** A URL in a slash command arrives as `<https://…>` or `<https://…|label>` (Slack escapes links). */
export function unwrapSlackLink(text: string): string {
  const trimmed = text.trim();
  const wrapped = /^<([^<>|]+)(\|[^<>]*)?>$/.exec(trimmed);
  return wrapped ? wrapped[1]! : trimmed;
}

/**
 * A community's feeds: organisers add and remove them, anyone lists them; each is read on a
 * schedule by a conditional GET, and a read that fails is recorded on the feed (and told to the
 * organisers once per streak of failures), never thrown out of a round.
 */
export class IdeasFeeds {
  constructor(private readonly deps: IdeasDeps) {}

  async add(channel: ChannelRef, actor: Actor, typed: string): Promise<{ feed: IdeaFeed; result: ReadResult }> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, 'add feeds');
    const checked = checkFeedUrl(unwrapSlackLink(typed));
    if (!checked.ok) throw new IdeasError(checked.problem);
    try {
      await checkedAddress(checked.url, this.deps.fetch);
    } catch (err) {
      if (err instanceof FeedFetchError) throw new IdeasError(`That feed cannot be added: ${err.message}`);
      throw err;
    }
    if ((await this.deps.prisma.ideaFeed.count({ where: { communityId: community.id } })) >= FEEDS_MAX) throw new IdeasError(`This community follows ${FEEDS_MAX} feeds already, the most it can. Remove one first (\`/guild ideas remove <n>\`).`);
    let feed: IdeaFeed;
    try {
      feed = await this.deps.prisma.ideaFeed.create({ data: { communityId: community.id, url: checked.url.href, addedBy: actor.userId } });
    } catch (err) {
      if (isUniqueViolation(err)) throw new IdeasError('This community follows that feed already. See them with `/guild ideas list`.');
      throw err;
    }
    await this.ensureSchedules(community.id, community.timeZone, actor.userId);
    this.deps.logger.info({ communityId: community.id, feedId: feed.id, actorId: actor.userId }, 'feed added');
    // The organiser hears how the first read went: no notice by DM for that one.
    const result = await this.read(feed, { tellOrganisers: false });
    return { feed: await this.deps.prisma.ideaFeed.findUniqueOrThrow({ where: { id: feed.id } }), result };
  }

  /** Removes a feed by its number in `/guild ideas list` or its address; its posts go with it. */
  async remove(channel: ChannelRef, actor: Actor, which: string): Promise<IdeaFeed> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, 'remove feeds');
    const feeds = await this.feedsOf(community.id);
    const target = /^\d{1,3}$/.test(which) ? feeds[Number(which) - 1] : feeds.find((f) => f.url === unwrapSlackLink(which) || f.url === safeHref(unwrapSlackLink(which)));
    if (!target) throw new IdeasError(`This community follows no feed ${/^\d+$/.test(which) ? `number ${which}` : 'at that address'}. \`/guild ideas list\` shows them with their numbers.`);
    await this.deleteFeed(community.id, target.id, actor.userId);
    return target;
  }

  /** Removes one feed of a community by its id (the organiser's App Home); false when it is gone already. Organisers only. */
  async removeById(communityId: number, actor: Actor, feedId: number): Promise<boolean> {
    await this.deps.community.requireOrganiser(communityId, actor.userId, 'remove feeds');
    return this.deleteFeed(communityId, feedId, actor.userId);
  }

  private async deleteFeed(communityId: number, feedId: number, actorId: string): Promise<boolean> {
    const { count } = await this.deps.prisma.ideaFeed.deleteMany({ where: { id: feedId, communityId } });
    if (count > 0) this.deps.logger.info({ communityId, feedId, actorId }, 'feed removed');
    return count > 0;
  }

  async list(channel: ChannelRef): Promise<{ communityName: string; feeds: IdeaFeed[]; nextDigestAt?: Date }> {
    const community = await this.deps.community.requireCommunity(channel);
    const settings = await this.deps.prisma.ideaSettings.findUnique({ where: { communityId: community.id } });
    const schedule = settings?.digestScheduleId ? (await this.deps.schedules.list(community.id)).find((s) => s.id === settings.digestScheduleId) : undefined;
    return { communityName: community.name, feeds: await this.feedsOf(community.id), ...(schedule?.nextRunAt ? { nextDigestAt: schedule.nextRunAt } : {}) };
  }

  /** Reads every feed of the community; one feed's failure never stops the others. */
  async readAll(communityId: number): Promise<{ read: number; failed: number }> {
    const feeds = await this.feedsOf(communityId);
    let failed = 0;
    const queue = [...feeds];
    const worker = async () => {
      for (let feed = queue.shift(); feed; feed = queue.shift()) {
        try {
          if ((await this.read(feed, { tellOrganisers: true })).kind === 'failed') failed += 1;
        } catch (err) {
          failed += 1;
          this.deps.logger.error({ err, feedId: feed.id, communityId }, 'reading a feed failed unexpectedly');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, feeds.length) }, worker));
    return { read: feeds.length - failed, failed };
  }

  /** One read: new posts kept, validators stored; a failure recorded on the feed, not thrown. */
  async read(feed: IdeaFeed, options: { tellOrganisers: boolean }): Promise<ReadResult> {
    const now = this.deps.now();
    try {
      const outcome = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, this.deps.fetch);
      if (outcome.kind === 'not-modified') {
        await this.deps.prisma.ideaFeed.update({ where: { id: feed.id }, data: { ...recovered(now) } });
        return { kind: 'unchanged' };
      }
      const parsed = parseFeedText(outcome.body, outcome.url);
      const newPosts = await this.deps.prisma.$transaction(async (tx) => {
        const { count } = await tx.ideaPost.createMany({ data: parsed.posts.map((p) => postRow(feed, p, now)), skipDuplicates: true });
        await tx.ideaFeed.update({ where: { id: feed.id }, data: { title: parsed.title, etag: outcome.etag ?? null, lastModified: outcome.lastModified ?? null, ...recovered(now) } });
        return count;
      });
      this.deps.logger.info({ feedId: feed.id, communityId: feed.communityId, newPosts }, 'feed read');
      return { kind: 'read', title: parsed.title, newPosts };
    } catch (err) {
      if (!(err instanceof FeedFetchError || err instanceof FeedFormatError)) throw err;
      const error = `The feed ${err.message}`.slice(0, ERROR_MAX);
      await this.recordFailure(feed, error, now, options.tellOrganisers);
      this.deps.logger.warn({ feedId: feed.id, communityId: feed.communityId, error }, 'feed read failed');
      return { kind: 'failed', error };
    }
  }

  private async recordFailure(feed: IdeaFeed, error: string, now: Date, tellOrganisers: boolean): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      const current = await tx.ideaFeed.findUnique({ where: { id: feed.id } });
      if (!current) return; // removed meanwhile
      const since = current.failingSince ?? now;
      const tell = current.failureToldAt === null;
      await tx.ideaFeed.update({ where: { id: feed.id }, data: { lastError: error, lastReadAt: now, failingSince: since, ...(tell ? { failureToldAt: now } : {}) } });
      if (tell && tellOrganisers) await this.tellOrganisers(tx, current, error, since);
    });
  }

  private async tellOrganisers(tx: Prisma.TransactionClient, feed: IdeaFeed, error: string, since: Date): Promise<void> {
    const community = await tx.community.findUniqueOrThrow({ where: { id: feed.communityId } });
    const { organiserIds } = await this.deps.community.organisers({ teamId: community.teamId, channelId: community.channelId });
    const notice = failureNotice({ feed, error, channelId: community.channelId });
    await this.deps.messages.sendMany(organiserIds.map((id) => ({ key: failureKey(feed.id, since, id), to: { users: [id] }, ...notice })), tx);
  }

  private feedsOf(communityId: number): Promise<IdeaFeed[]> {
    return this.deps.prisma.ideaFeed.findMany({ where: { communityId }, orderBy: { id: 'asc' } });
  }

  /**
   * The community's two schedules, made with its first feed: a read every day at 06:00 and the
   * digest on Mondays at 09:00, in the community's zone. `/guild schedules` pauses or cancels them.
   */
  private async ensureSchedules(communityId: number, timeZone: string, createdBy: string): Promise<void> {
    const { count } = await this.deps.prisma.ideaSettings.createMany({ data: [{ communityId }], skipDuplicates: true });
    if (count === 0) return;
    const read = await this.deps.schedules.create({ communityId, kind: READ_JOB, name: 'Outside ideas: read the feeds', recurrence: { kind: 'weekly', weekdays: ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'], time: '06:00', timeZone }, payload: { communityId }, createdBy });
    const digest = await this.deps.schedules.create({ communityId, kind: DIGEST_JOB, name: 'Outside ideas: the weekly digest', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone }, payload: { communityId }, createdBy });
    await this.deps.prisma.ideaSettings.update({ where: { communityId }, data: { readScheduleId: read.id, digestScheduleId: digest.id, lastDigestAt: this.deps.now() } });
  }
}

function recovered(now: Date) {
  return { lastReadAt: now, lastOkAt: now, lastError: null, failingSince: null, failureToldAt: null };
}

/** A post's row; at the feed's first read, posts older than a week count as already digested. */
function postRow(feed: IdeaFeed, post: FeedPost, now: Date) {
  const old = feed.lastOkAt === null && post.publishedAt !== undefined && now.getTime() - post.publishedAt.getTime() > FIRST_READ_WINDOW_MS;
  return { feedId: feed.id, communityId: feed.communityId, guid: post.guid, title: post.title, url: post.url ?? null, summary: post.summary, publishedAt: post.publishedAt ?? null, firstSeenAt: now, digestedAt: old ? now : null };
}

function safeHref(text: string): string | undefined {
  return URL.canParse(text) ? new URL(text).href : undefined;
}
