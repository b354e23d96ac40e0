import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { webDirectory } from '../../../src/slack/web-directory';
import { nextRetroReminderJob, phaseDeadlineJob, scheduledRetroJob } from '../../../src/rituals/retro/retro.jobs';
import { scheduleRetros } from '../../../src/rituals/retro/retro.schedule';
import { exportCsv, exportMarkdown } from '../../../src/rituals/retro/retro.summary';
import { ManualClock } from '../../../src/scheduler/clock';
import { Schedules } from '../../../src/scheduler/schedules';
import { LocalSlack } from '../../../src/sandbox';
import { useTestDatabase } from '../../support/database';
import { retroStack } from '../../support/retro-service';

/** The retro loop on a real database, scheduler and delivery gateway, against the local Slack. */
describe('the retro loop', () => {
  const db = useTestDatabase();
  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'unused' });
  });
  afterAll(async () => {
    await slack.stop();
  });

  const setup = (clock = new ManualClock('2026-12-01T10:00:00Z'), logger = pino({ level: 'silent' })) => {
    const stack = retroStack(db.prisma, { slack, clock, logger });
    stack.scheduler.register(phaseDeadlineJob({ retros: stack.retros }));
    const people = ['ada', 'grace', 'alan', 'margaret', 'katherine'].map((name) => slack.addUser({ name: `${name}${Math.random().toString(36).slice(2, 6)}`, tz: 'Europe/Berlin' }));
    const channel = slack.addChannel({ name: `retro-${Math.random().toString(36).slice(2, 8)}`, members: people.map((p) => p.id) });
    return { ...stack, clock, people, channel };
  };
  type Stack = ReturnType<typeof setup>;

  /** Runs a retro to discussion: every person adds an item, person i votes for item i and i+1. */
  const toDiscussion = async (s: Stack, title: string, anonymity: 'named' | 'anonymous_items' | 'anonymous_all' = 'named') => {
    const [facilitator] = s.people;
    const { id } = await s.retros.start({ teamId: 'T1', channelId: s.channel.id, title, formatId: 'tanzu', anonymity, startedBy: facilitator!.id });
    const items = [];
    for (const [i, p] of s.people.entries()) items.push(await s.retros.addItem(id, p.id, ['happy', 'meh', 'sad'][i % 3]!, `${title} item ${i}`));
    for (const from of ['collect', 'reveal'] as const) await s.retros.advance(id, facilitator!.id, from);
    for (const [i, p] of s.people.entries()) {
      await s.retros.vote(id, p.id, items[0]!, 'add');
      if (i < 2) await s.retros.vote(id, p.id, items[1]!, 'add');
    }
    await s.retros.advance(id, facilitator!.id, 'vote');
    await s.scheduler.runUntilIdle();
    return { id, items, facilitator: facilitator! };
  };

  it('closes with a summary kept as history, and the next retro reviews the open action items', async () => {
    const s = setup();
    const [ada, grace, alan] = s.people;
    const first = await toDiscussion(s, 'Sprint 1');
    const cache = await s.retros.addAction(first.id, ada!.id, { text: 'Cache the build', ownerId: alan!.id, dueDate: '2026-12-20', today: '2026-12-01' });
    const docs = await s.retros.addAction(first.id, ada!.id, { text: 'Write the docs', ownerId: grace!.id, today: '2026-12-01' });
    const room = await s.retros.addAction(first.id, ada!.id, { text: 'Book a room', ownerId: grace!.id, today: '2026-12-01' });
    await s.retros.advance(first.id, ada!.id, 'discuss');
    await s.scheduler.runUntilIdle();

    const summaryPost = slack.messages(s.channel.id).find((m) => m.text.includes('Retro *Sprint 1* closed'));
    expect(summaryPost?.text).toBe('Retro *Sprint 1* closed: 5 people took part, 5 items, 7 votes. 3 action items.');
    expect(JSON.stringify(summaryPost?.blocks)).toContain('1. Sprint 1 item 0 — 5 votes');
    const history = await s.retros.history('T1', s.channel.id, 1);
    expect(history.retros).toEqual([expect.objectContaining({ id: first.id, title: 'Sprint 1', participants: 5, items: 5, actions: 3, actionsDone: 0 })]);

    // The next retro: owners hear that it will go over their items, and its board lists them.
    s.clock.set('2026-12-15T10:00:00Z');
    const second = await s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Sprint 2', formatId: 'tanzu', anonymity: 'named', startedBy: ada!.id });
    await s.scheduler.runUntilIdle();
    expect(slack.dms(grace!.id).map((m) => m.text)).toEqual([expect.stringMatching(/Sprint 2.*will go over your open action items:\n• Write the docs — from \*Sprint 1\*\n• Book a room/s)]);
    expect(slack.dms(alan!.id).at(-1)?.text).toContain('Cache the build (due 2026-12-20)');
    let board = await s.retros.board(second.id);
    expect(board.review.map((a) => [a.text, a.status])).toEqual([['Cache the build', 'open'], ['Write the docs', 'open'], ['Book a room', 'open']]);

    // Someone who is neither owner nor facilitator nor organiser cannot mark it.
    await expect(s.retros.reviewAction(cache, s.people[3]!.id, 'done', { inRetroId: second.id, today: '2026-12-15' })).rejects.toThrow(/Only its owner, <@/);
    // The owner marks theirs done; the facilitator carries one over and drops another.
    await s.retros.reviewAction(docs, grace!.id, 'done', { inRetroId: second.id, today: '2026-12-15' });
    await s.retros.reviewAction(cache, ada!.id, 'carry', { inRetroId: second.id, today: '2026-12-15' });
    await s.retros.reviewAction(room, ada!.id, 'drop', { inRetroId: second.id, today: '2026-12-15' });
    await expect(s.retros.reviewAction(room, ada!.id, 'done', { inRetroId: second.id, today: '2026-12-15' })).rejects.toThrow('That action item was already marked dropped.');
    board = await s.retros.board(second.id);
    expect(board.review.map((a) => [a.text, a.status])).toEqual([['Cache the build', 'carried'], ['Write the docs', 'done'], ['Book a room', 'dropped']]);
    expect(board.actions).toEqual([expect.objectContaining({ text: 'Cache the build', ownerId: alan!.id, dueDate: '2026-12-20', carried: true, status: 'open' })]);
    // The carried item is reminded under its new identity (the old one is no longer open).
    const carried = board.actions[0]!.id;
    expect(await db.prisma.job.findUnique({ where: { key: `retro:action:${carried}:due` } })).not.toBeNull();
    expect(await s.retros.openActions('T1', s.channel.id)).toEqual([expect.objectContaining({ id: carried, retroTitle: 'Sprint 2' })]);
    // Carrying needs a retro to carry into; /retro actions can only mark done or drop.
    await expect(s.retros.reviewAction(carried, alan!.id, 'carry', { today: '2026-12-15' })).rejects.toThrow(/carried over from the board of the next retro/);
  });

  it('moves an async retro on at its deadlines, holding the reveal until enough people took part', async () => {
    const s = setup();
    const [ada, grace] = s.people;
    const collectUntil = new Date('2026-12-02T10:00:00Z');
    const voteUntil = new Date('2026-12-03T10:00:00Z');
    await expect(s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Async', formatId: 'tanzu', anonymity: 'anonymous_items', startedBy: ada!.id, collectUntil: voteUntil, voteUntil: collectUntil })).rejects.toThrow(
      'Voting has to end after collecting does.',
    );
    await expect(s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Async', formatId: 'tanzu', anonymity: 'named', startedBy: ada!.id, collectUntil: new Date('2026-11-30T00:00:00Z') })).rejects.toThrow(
      'Collecting has to end in the future.',
    );
    const { id } = await s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Async', formatId: 'tanzu', anonymity: 'anonymous_items', revealThreshold: 3, startedBy: ada!.id, collectUntil, voteUntil });
    await s.retros.addItem(id, ada!.id, 'happy', 'one');
    await s.retros.addItem(id, grace!.id, 'sad', 'two');
    await s.retros.addItem(id, grace!.id, 'sad', 'three, same person');
    await expect(s.retros.advance(id, ada!.id, 'collect')).rejects.toThrow('Items stay hidden until 3 people have added one; so far 2 have.');
    expect((await s.retros.board(id)).items).toEqual([]);

    // The deadline passes with two contributors: the items stay hidden and the channel is told why.
    s.clock.set(collectUntil);
    await s.scheduler.runUntilIdle();
    expect((await db.prisma.retro.findUniqueOrThrow({ where: { id } })).phase).toBe('collect');
    expect(slack.messages(s.channel.id).map((m) => m.text)).toContainEqual(expect.stringContaining('so far 2 have.'));

    // A third person adds one; the facilitator reveals; voting then closes by its deadline.
    await s.retros.addItem(id, s.people[2]!.id, 'meh', 'four');
    await s.retros.advance(id, ada!.id, 'collect');
    await s.retros.advance(id, ada!.id, 'reveal');
    const [top] = (await s.retros.board(id)).items;
    await s.retros.vote(id, grace!.id, top!.id, 'add');
    s.clock.set(voteUntil);
    await s.scheduler.runUntilIdle();
    expect((await db.prisma.retro.findUniqueOrThrow({ where: { id } })).phase).toBe('discuss');
    // Discussion opened a thread for the voted item.
    expect(slack.messages(s.channel.id).filter((m) => m.text.startsWith(':speech_balloon: *Discuss*'))).toHaveLength(1);
  });

  it('opens a deadline-driven vote straight from collecting when the threshold is met', async () => {
    const s = setup();
    const { id } = await s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Async 2', formatId: 'tanzu', anonymity: 'named', startedBy: s.people[0]!.id, collectUntil: new Date('2026-12-01T12:00:00Z') });
    await s.retros.addItem(id, s.people[1]!.id, 'happy', 'x');
    s.clock.set('2026-12-01T12:00:00Z');
    await s.scheduler.runUntilIdle();
    expect((await db.prisma.retro.findUniqueOrThrow({ where: { id } })).phase).toBe('vote');
    // The deadline's job running again (a retry) changes nothing.
    expect(await s.retros.deadlinePassed(id, 'collect')).toBeUndefined();
  });

  it('keeps thread replies as notes, once each, and hands the facilitation over', async () => {
    const s = setup();
    const [ada, grace, alan] = s.people;
    const { id, items } = await toDiscussion(s, 'Notes');
    const threads = slack.messages(s.channel.id).filter((m) => m.text.startsWith(':speech_balloon: *Discuss*'));
    // Two deliveries to one channel: Slack may show them in either order.
    expect(threads.map((m) => m.text.split('\n')[0]).sort()).toEqual([
      ':speech_balloon: *Discuss* (2 votes, retro *Notes*): Notes item 1',
      ':speech_balloon: *Discuss* (5 votes, retro *Notes*): Notes item 0',
    ]);
    const top = threads.find((m) => m.text.includes('Notes item 0'))!;
    // Any other item gets a thread on request, once.
    await s.retros.openThread(id, items[4]!);
    await s.retros.openThread(id, items[4]!);
    await s.scheduler.runUntilIdle();
    expect(slack.messages(s.channel.id).filter((m) => m.text.startsWith(':speech_balloon: *Discuss*'))).toHaveLength(3);

    const note = { channelId: s.channel.id, threadTs: top.ts, messageTs: '1800000000.000100', userId: grace!.id, text: 'We should cache node_modules' };
    expect(await s.retros.addNote(note)).toBe(id);
    expect(await s.retros.addNote(note)).toBe(id); // a redelivered event
    expect(await s.retros.addNote({ ...note, threadTs: '1.000', messageTs: '1800000000.000200' })).toBeUndefined(); // not a retro thread
    expect(await s.retros.addNote({ ...note, messageTs: '1800000000.000300', text: '   ' })).toBe(undefined);
    const record = await s.retros.record(id);
    expect(record.items[0]!.notes).toEqual([{ text: 'We should cache node_modules', authorId: grace!.id }]);
    expect((await s.retros.board(id)).items[0]!.notes).toBe(1);

    await expect(s.retros.handOver(id, alan!.id, grace!.id)).rejects.toThrow(/Only the facilitator/);
    await expect(s.retros.handOver(id, ada!.id, ada!.id)).rejects.toThrow(/facilitating already/);
    await s.retros.handOver(id, ada!.id, grace!.id);
    await expect(s.retros.advance(id, ada!.id, 'discuss')).rejects.toThrow(/Only the facilitator, <@/);
    await s.retros.close(id, grace!.id, 'discuss');
    // After closing, notes are no longer taken and nothing moves.
    expect(await s.retros.addNote({ ...note, messageTs: '1800000000.000400' })).toBeUndefined();
    await expect(s.retros.handOver(id, grace!.id, ada!.id)).rejects.toThrow('This retro is closed.');
    await expect(s.retros.openThread(id, items[0]!)).rejects.toThrow('This retro is closed.');
  });

  it('exports a closed retro as Markdown and CSV', async () => {
    const s = setup();
    const { id, facilitator } = await toDiscussion(s, 'Export');
    await s.retros.addAction(id, facilitator.id, { text: '=HYPERLINK("http://x") "quoted", too', ownerId: s.people[1]!.id, dueDate: '2026-12-24', today: '2026-12-01' });
    await expect(s.retros.closedRetroIn('T1', s.channel.id, id)).rejects.toThrow(`Retro #${id} is still running; it can be exported once it closes.`);
    await s.retros.close(id, facilitator.id, 'discuss');
    expect(await s.retros.closedRetroIn('T1', s.channel.id)).toBe(id);
    await expect(s.retros.closedRetroIn('T1', 'COTHER', id)).rejects.toThrow(/no retro #\d+ in this channel/);
    const record = await s.retros.record(id);
    const markdown = exportMarkdown(record);
    expect(markdown).toContain('# Retro: Export');
    expect(markdown).toContain('- Took part: 5');
    expect(markdown).toContain(`- Export item 0 — 5 votes — <@${s.people[0]!.id}>`);
    const csv = exportCsv(record).split('\r\n');
    expect(csv[0]).toBe('kind,column,text,votes,author,owner,due,status');
    expect(csv[1]).toBe(`item,Happy,Export item 0,5,${s.people[0]!.id},,,`);
    expect(csv).toContain(`action,,"'=HYPERLINK(""http://x"") ""quoted"", too",,,${s.people[1]!.id},2026-12-24,open`);
  });

  it('starts recurring retros from a schedule, once per occurrence, and reminds owners the day before', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z'); // a Tuesday
    const s = setup(clock);
    const [ada, grace] = s.people;
    const community = new CommunityService({ prisma: db.prisma, directory: webDirectory(new (await import('@slack/web-api')).WebClient(slack.botToken, { slackApiUrl: slack.apiUrl })), outbox: s.delivery, logger: s.logger });
    await community.setup({ teamId: 'T1', channelId: s.channel.id }, { teamId: 'T1', userId: ada!.id });
    const schedules = new Schedules({ prisma: db.prisma, jobs: s.scheduler.jobs, clock, logger: s.logger });
    s.scheduler.addDuty(schedules.duty());
    s.scheduler.register(scheduledRetroJob({ retros: s.retros, schedules, jobs: s.scheduler.jobs }));
    s.scheduler.register(nextRetroReminderJob({ retros: s.retros, schedules }));
    const deps = { community, schedules, jobs: s.scheduler.jobs, now: () => clock.now() };
    const request = { teamId: 'T1', channelId: s.channel.id, userId: ada!.id, title: 'Guild retro', every: 2, weekday: 'th' as const, time: '15:00', timeZone: 'Europe/Berlin', formatId: 'tanzu', anonymity: 'named' as const, voteBudget: 3 };
    await expect(scheduleRetros(deps, { ...request, userId: grace!.id })).rejects.toThrow(/organiser/);
    await expect(scheduleRetros(deps, { ...request, timeZone: 'Mars/Olympus' })).rejects.toThrow(/not a time zone/);
    const schedule = await scheduleRetros(deps, request);
    expect(schedule.nextRunAt?.toISOString()).toBe('2026-12-03T14:00:00.000Z'); // Thursday 15:00 in Berlin

    // An open action item from an earlier retro in the channel: its owner hears the day before.
    const earlier = await toDiscussion(s, 'Earlier');
    await s.retros.addAction(earlier.id, ada!.id, { text: 'Fix the flaky test', ownerId: grace!.id, today: '2026-12-01' });
    clock.set('2026-12-02T14:00:00Z');
    await s.scheduler.runUntilIdle();
    expect(slack.dms(grace!.id).map((m) => m.text)).toEqual([expect.stringMatching(/The next retro in <#C\w+>, \*Guild retro\*, is .*Fix the flaky test/s)]);

    clock.set('2026-12-03T14:00:00Z');
    await s.scheduler.runUntilIdle();
    clock.set('2026-12-03T14:00:05Z');
    await s.scheduler.runUntilIdle();
    const started = await db.prisma.retro.findMany({ where: { occurrenceKey: { not: null } } });
    expect(started.map((r) => r.title)).toEqual(['Guild retro (2026-12-03)']);
    expect(slack.messages(s.channel.id).filter((m) => m.text.startsWith('Retro "Guild retro (2026-12-03)"'))).toHaveLength(1);
    // Starting the same occurrence again (a retried job) starts nothing new.
    const again = await s.retros.start({ teamId: 'T1', channelId: s.channel.id, title: 'Guild retro', formatId: 'tanzu', anonymity: 'named', startedBy: ada!.id, occurrenceKey: started[0]!.occurrenceKey! });
    expect(again).toMatchObject({ id: started[0]!.id, created: false });
    // Two replicas starting a new occurrence at the same moment start one retro.
    const occurrence = { teamId: 'T1', channelId: s.channel.id, title: 'Race', formatId: 'tanzu', anonymity: 'named' as const, startedBy: ada!.id, occurrenceKey: 'schedule:race:1' };
    const raced = await Promise.all([s.retros.start(occurrence), s.retros.start(occurrence), s.retros.start(occurrence)]);
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    // The next occurrence, two weeks on, has its reminder queued.
    expect(await db.prisma.job.findUnique({ where: { key: `retro:schedule:${schedule.id}:2026-12-17T14:00:00.000Z:notice` } })).toMatchObject({ runAt: new Date('2026-12-16T14:00:00Z') });
  });

});
