import { GuildError } from '../../../src/community/community.errors';
import { postDigest } from '../../../src/rituals/ideas/ideas.digest';
import { IdeasFeeds } from '../../../src/rituals/ideas/ideas.feeds';
import { DEFAULT_FETCH_OPTIONS } from '../../../src/rituals/ideas/ideas.fetch';
import { IdeasProposals, type IdeasPorts } from '../../../src/rituals/ideas/ideas.proposals';
import type { PollsPort } from '../../../src/rituals/polls/polls.port';
import { ManualClock } from '../../../src/scheduler/clock';
import { queuedCore } from '../../support/core-stack';
import { useTestDatabase } from '../../support/database';
import { feedWithEtag, rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server';

/**
 * Outside ideas against Postgres and a local feed server: feeds added and refused, reads with
 * ETags, failures recorded and told once per streak while other feeds are still read, the
 * digest, and proposals.
 */
describe('outside ideas (Postgres, local feeds)', () => {
  const db = useTestDatabase();
  let server: FeedServer;
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const MEMBER = { teamId: TEAM, userId: 'U0MEM' };
  const STRANGER = { teamId: TEAM, userId: 'U0OUT' };
  const NOW = '2026-12-07T08:00:00Z';

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const stack = (ports: IdeasPorts = {}, allowPrivate = true) => {
    const clock = new ManualClock(NOW);
    const { logger, messages, community, schedules, now } = queuedCore(db.prisma, clock);
    const feeds = new IdeasFeeds({ prisma: db.prisma, community, messages, schedules, logger, now, fetch: { ...DEFAULT_FETCH_OPTIONS, allowPrivate, totalTimeoutMs: 400, maxBytes: 256 * 1024 } });
    const proposals = new IdeasProposals({ prisma: db.prisma, community, messages, logger, ports });
    return { feeds, proposals, clock, messages, logger, now, schedules };
  };

  async function community() {
    const created = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Design', timeZone: 'Europe/London', createdBy: ORGANISER.userId } });
    for (const id of [ORGANISER.userId, MEMBER.userId, STRANGER.userId]) await db.prisma.person.create({ data: { id, teamId: TEAM } });
    for (const id of [ORGANISER.userId, MEMBER.userId]) await db.prisma.membership.create({ data: { communityId: created.id, personId: id, role: id === ORGANISER.userId ? 'organiser' : 'member' } });
    return created;
  }

  const day = (d: string) => new Date(`2026-12-${d}T10:00:00Z`);
  const dmsTo = (userId: string) => db.prisma.outboundMessage.findMany({ where: { userIds: { has: userId } }, orderBy: { createdAt: 'asc' } });

  it('lets organisers add a feed: first read, schedules made; refuses others, non-http, duplicates and private addresses', async () => {
    const { feeds, schedules } = stack();
    const c = await community();
    server.route('/a.xml', feedWithEtag(rssFeed('Feed A', [{ title: 'Fresh', link: 'https://a.example/1', date: day('06') }, { title: 'Old', link: 'https://a.example/0', date: new Date('2026-10-01T00:00:00Z') }]), '"a1"'));
    const { feed, result } = await feeds.add(CHANNEL, ORGANISER, `<${server.url('/a.xml')}>`);
    expect(result).toEqual({ kind: 'read', title: 'Feed A', newPosts: 2 });
    expect(feed).toMatchObject({ title: 'Feed A', etag: '"a1"', lastError: null, url: server.url('/a.xml') });
    // The post older than a week at the first read counts as known already.
    expect((await db.prisma.ideaPost.findMany({ where: { digestedAt: null } })).map((p) => p.title)).toEqual(['Fresh']);
    expect((await schedules.list(c.id)).map((s) => [s.kind, s.description])).toEqual([
      ['ideas.read', expect.stringMatching(/06:00/)],
      ['ideas.digest', expect.stringMatching(/Monday.*09:00|09:00.*Monday/i)],
    ]);

    await expect(feeds.add(CHANNEL, MEMBER, server.url('/a.xml'))).rejects.toThrow(/Only this community's organisers can add feeds/);
    await expect(feeds.add(CHANNEL, ORGANISER, server.url('/a.xml'))).rejects.toThrow(/follows that feed already/);
    await expect(feeds.add(CHANNEL, ORGANISER, 'ftp://example.org/feed')).rejects.toThrow(/Only http and https/);
    await expect(stack({}, false).feeds.add(CHANNEL, ORGANISER, server.url('/b.xml'))).rejects.toThrow(/127\.0\.0\.1, a loopback address/);
    expect(await db.prisma.ideaFeed.count()).toBe(1);
    // A second feed makes no second pair of schedules.
    server.route('/b.xml', feedWithEtag(rssFeed('Feed B', []), '"b1"'));
    await feeds.add(CHANNEL, ORGANISER, server.url('/b.xml'));
    expect(await schedules.list(c.id)).toHaveLength(2);
    const listed = await feeds.list(CHANNEL);
    expect(listed.feeds.map((f) => f.title)).toEqual(['Feed A', 'Feed B']);
    // Monday 08:00 in London: the first digest is at 09:00 today.
    expect(listed.nextDigestAt).toEqual(new Date('2026-12-07T09:00:00Z'));
    expect((await feeds.remove(CHANNEL, ORGANISER, '2')).title).toBe('Feed B');
    await expect(feeds.remove(CHANNEL, ORGANISER, '5')).rejects.toThrow(/no feed number 5/);
    await expect(feeds.remove(CHANNEL, MEMBER, '1')).rejects.toThrow(/organisers can remove feeds/);
  });

  it('reads with the stored ETag (304 changes nothing); a failing feed is recorded and told once per streak, others still read', async () => {
    const { feeds, clock } = stack();
    const c = await community();
    let etagRequests = 0;
    server.route('/good.xml', (req, res) => {
      etagRequests += req.headers['if-none-match'] === '"g1"' ? 1 : 0;
      feedWithEtag(rssFeed('Good', [{ title: 'G1', link: 'https://g.example/1', date: day('06') }]), '"g1"')(req, res);
    });
    let mode: 'html' | 'silent' | 'ok' = 'ok';
    server.route('/flaky.xml', (_req, res) => {
      if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome</body></html>');
      if (mode === 'silent') return;
      res.writeHead(200).end(rssFeed('Flaky', [{ title: 'F1', link: 'https://f.example/1', date: day('06') }]));
    });
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
    });
    server.route('/broken.xml', (_req, res) => void res.writeHead(200).end('garbage { <channel><item><title>unclosed'));
    await feeds.add(CHANNEL, ORGANISER, server.url('/good.xml'));
    await feeds.add(CHANNEL, ORGANISER, server.url('/flaky.xml'));
    mode = 'html';
    const huge = await feeds.add(CHANNEL, ORGANISER, server.url('/huge.xml'));
    expect(huge.result).toEqual({ kind: 'failed', error: expect.stringMatching(/^The feed its answer is larger than 256 KB/) });
    const broken = await feeds.add(CHANNEL, ORGANISER, server.url('/broken.xml'));
    expect(broken.result).toEqual({ kind: 'failed', error: expect.stringMatching(/not an RSS or Atom feed/) });
    // Failures at add time are told to the organiser adding it, in the reply: no DM.
    expect(await dmsTo(ORGANISER.userId)).toHaveLength(0);

    clock.advance(86_400_000);
    expect(await feeds.readAll(c.id)).toEqual({ read: 1, failed: 3 });
    expect(etagRequests).toBe(1);
    const flaky = await db.prisma.ideaFeed.findFirstOrThrow({ where: { url: server.url('/flaky.xml') } });
    expect(flaky).toMatchObject({ lastError: expect.stringMatching(/web page \(HTML\)/), failingSince: clock.now(), failureToldAt: clock.now() });
    expect((await dmsTo(ORGANISER.userId)).map((m) => m.text)).toEqual([expect.stringMatching(/could not be read: \*Flaky\*.*\n.*web page/)]);

    // Still failing (now silent): recorded, but no second notice in the same streak.
    mode = 'silent';
    clock.advance(86_400_000);
    await feeds.readAll(c.id);
    expect((await db.prisma.ideaFeed.findFirstOrThrow({ where: { id: flaky.id } })).lastError).toMatch(/did not answer within 400 ms/);
    expect(await dmsTo(ORGANISER.userId)).toHaveLength(1);

    // It works again: the error is cleared, and the next failure starts a new streak with a new notice.
    mode = 'ok';
    clock.advance(86_400_000);
    await feeds.readAll(c.id);
    expect(await db.prisma.ideaFeed.findFirstOrThrow({ where: { id: flaky.id } })).toMatchObject({ lastError: null, failingSince: null, failureToldAt: null });
    mode = 'html';
    clock.advance(86_400_000);
    await feeds.readAll(c.id);
    expect(await dmsTo(ORGANISER.userId)).toHaveLength(2);
  });

  it('posts a digest of posts new since the last one, capped with "and N more", once per occurrence', async () => {
    const { feeds, messages, logger, now } = stack();
    const c = await community();
    const posts = Array.from({ length: 18 }, (_, i) => ({ title: `Post &lt;${i + 1}&gt;`, link: `https://d.example/${i + 1}`, date: new Date(Date.parse('2026-12-06T00:00:00Z') - i * 3_600_000) }));
    server.route('/digest.xml', (_req, res) => void res.writeHead(200).end(rssFeed('Digest &amp; Co', posts)));
    await feeds.add(CHANNEL, ORGANISER, server.url('/digest.xml'));
    expect(await postDigest({ prisma: db.prisma, messages, logger, now }, c.id, '2026-12-07T09:00:00.000Z')).toBe(18);
    const digest = await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: `ideas:digest:${c.id}:2026-12-07T09:00:00.000Z` } });
    expect(digest.channelId).toBe('C1');
    const blocks = JSON.stringify(digest.blocks);
    expect(blocks).toContain('*<https://d.example/1|Post &lt;1&gt;>*');
    expect(blocks).toContain('Digest &amp; Co');
    expect(blocks).not.toContain('Post &lt;16&gt;');
    expect(blocks).toContain('…and 3 more');
    expect(await db.prisma.ideaPost.count({ where: { digestedAt: null } })).toBe(0);
    // Nothing new: no second message.
    expect(await postDigest({ prisma: db.prisma, messages, logger, now }, c.id, '2026-12-14T09:00:00.000Z')).toBe(0);
    expect(await db.prisma.outboundMessage.count({ where: { key: { startsWith: 'ideas:digest:' } } })).toBe(1);
  });

  it('takes proposals from members: a talk idea told to organisers once, a poll option through the port; refuses strangers and closed polls', async () => {
    const added: { pollId: number; text: string; by: string }[] = [];
    // The polls ritual is built by another helper: this port stands in for it with its contract.
    const polls: PollsPort = {
      openForOptions: async () => [{ id: 7, question: 'What next?' }],
      addOption: async (input) => void added.push(input),
    };
    const { feeds, proposals } = stack({ polls });
    const c = await community();
    server.route('/p.xml', (_req, res) => void res.writeHead(200).end(rssFeed('P', [{ title: 'A very long title '.repeat(10), link: 'https://p.example/1', date: day('06'), description: '<p>Why <b>it</b> matters</p>' }])));
    await feeds.add(CHANNEL, ORGANISER, server.url('/p.xml'));
    const post = await db.prisma.ideaPost.findFirstOrThrow();

    const choices = await proposals.choices(post.id, MEMBER);
    expect(choices).toMatchObject({ polls: [{ id: 7 }], unconferences: [], post: { id: post.id, source: 'P', summary: 'Why it matters' } });
    await proposals.propose(post.id, MEMBER, { kind: 'talk' }, ' Ada could give it ');
    await expect(proposals.propose(post.id, MEMBER, { kind: 'talk' }, '')).rejects.toThrow(/proposed this post as a talk already/);
    expect((await dmsTo(ORGANISER.userId)).map((m) => m.text)).toEqual([expect.stringMatching(/^<@U0MEM> proposes a talk on <https:\/\/p\.example\/1\|A very long title.*\n> Ada could give it\n/)]);
    expect((await proposals.talkIdeas(CHANNEL, ORGANISER)).proposals).toEqual([expect.objectContaining({ by: MEMBER.userId, note: 'Ada could give it' })]);
    await expect(proposals.talkIdeas(CHANNEL, MEMBER)).rejects.toThrow(GuildError);

    const done = await proposals.propose(post.id, MEMBER, { kind: 'poll_option', pollId: 7 }, '');
    expect(done.where).toBe('an option of the poll "What next?"');
    expect(added).toEqual([{ pollId: 7, text: expect.any(String), by: MEMBER.userId }]);
    expect(added[0]!.text.length).toBeLessThanOrEqual(75);
    await expect(proposals.propose(post.id, MEMBER, { kind: 'poll_option', pollId: 8 }, '')).rejects.toThrow(/poll is closed/);
    await expect(proposals.propose(post.id, MEMBER, { kind: 'session', unconferenceId: 1 }, '')).rejects.toThrow(/takes no proposals/);
    await expect(proposals.propose(post.id, STRANGER, { kind: 'talk' }, '')).rejects.toThrow(/not a member/);
    expect(await db.prisma.ideaProposal.groupBy({ by: ['kind'], _count: true, where: { communityId: c.id }, orderBy: { kind: 'asc' } })).toEqual([
      { kind: 'talk', _count: 1 },
      { kind: 'poll_option', _count: 1 },
    ]);
  });
});
