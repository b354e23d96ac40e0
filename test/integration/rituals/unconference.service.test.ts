import { UnconferenceError } from '../../../src/rituals/unconference/unconference.errors';
import { deadlineJob } from '../../../src/rituals/unconference/unconference.jobs';
import { reminderPayload, sendSlotReminders } from '../../../src/rituals/unconference/unconference.reminders';
import { UnconferenceService } from '../../../src/rituals/unconference/unconference.service';
import type { PlanDraft } from '../../../src/rituals/unconference/unconference.types';
import { useTestDatabase } from '../../support/database';
import { serviceStack } from '../../support/service-stack';

/** The unconference service against Postgres: proposals, dots under concurrency, phases, the draft and its moves, publishing, reminders. */
describe('UnconferenceService', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const person = (userId: string) => ({ teamId: TEAM, userId });
  const MEMBERS = Array.from({ length: 30 }, (_, i) => `U${String(i).padStart(3, '0')}`);

  const stack = () => {
    const { clock, messages, jobs, community, logger, now, scheduler } = serviceStack(db.prisma);
    const service = new UnconferenceService({ prisma: db.prisma, messages, jobs, community, logger, now, agendaUrl: (id, p) => `https://guild.example/unconference/${id}/agenda/${p}.ics?sig=x` });
    return { service, clock, messages, scheduler };
  };

  async function community() {
    const created = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Design', timeZone: 'Europe/Berlin', createdBy: ORGANISER.userId } });
    for (const id of [ORGANISER.userId, ...MEMBERS]) {
      await db.prisma.person.create({ data: { id, teamId: TEAM } });
      await db.prisma.membership.create({ data: { communityId: created.id, personId: id, role: id === ORGANISER.userId ? 'organiser' : 'member' } });
    }
    await db.prisma.person.create({ data: { id: 'U0OUT', teamId: TEAM } });
    return created;
  }

  const plan = (over: Partial<PlanDraft> = {}): PlanDraft => ({
    title: 'Open <space> & friends',
    timeZone: 'Europe/Berlin',
    slotStarts: [new Date('2026-12-10T09:00:00Z'), new Date('2026-12-10T10:00:00Z')],
    sessionMinutes: 45,
    rooms: [{ name: 'Big', capacity: 20 }, { name: 'Small', capacity: 5 }],
    dotsPerPerson: 3,
    proposalsCloseAt: null,
    votingClosesAt: null,
    ...over,
  });
  const outbound = (prefix: string) => db.prisma.outboundMessage.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });
  const propose = (service: UnconferenceService, id: number, by: string, title: string) => service.proposeAs(id, by, { title, description: 'A <short> talk', level: 'everyone' });

  async function voting(service: UnconferenceService, titles = ['Tokens', 'Research ops', 'Motion', 'Colour']) {
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan());
    const proposals = [];
    for (const [i, title] of titles.entries()) proposals.push(await propose(service, u.id, MEMBERS[i]!, title));
    await service.openVoting(u.id, { actor: ORGANISER });
    return { u, proposals };
  }

  it('announces the unconference once, escaped, and edits it in place as proposals come', async () => {
    const { service } = stack();
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan());
    await propose(service, u.id, MEMBERS[0]!, 'Design <tokens>');
    const [message, ...more] = await outbound(`unconference:${u.id}`);
    expect(more).toHaveLength(0);
    expect(message!.channelId).toBe('C1');
    const blocks = JSON.stringify(message!.blocks);
    expect(blocks).toContain('Design &lt;tokens&gt;');
    expect(blocks).toContain('A &lt;short&gt; talk');
    expect(blocks).toContain('Propose a session');
    expect(message!.version).toBeGreaterThan(0);
  });

  it('refuses a duplicate title (any case and spacing), non-members, and proposals after the deadline or once voting opened', async () => {
    const { service, clock } = stack();
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan({ proposalsCloseAt: new Date('2026-12-08T12:00:00Z') }));
    await propose(service, u.id, MEMBERS[0]!, 'Design tokens');
    await expect(propose(service, u.id, MEMBERS[1]!, '  design   TOKENS ')).rejects.toThrow('already proposed');
    expect(await service.proposalProblem(u.id, MEMBERS[1]!, 'DESIGN tokens')).toContain('already proposed');
    await expect(propose(service, u.id, 'U0OUT', 'Outsider')).rejects.toThrow('Only members');
    clock.set('2026-12-08T12:00:00Z');
    await expect(propose(service, u.id, MEMBERS[1]!, 'Late idea')).rejects.toThrow('Proposals are closed');
    expect(await service.takingProposals(u.communityId)).toEqual([]);
    await expect(service.proposeAs(u.id, MEMBERS[1]!, { title: '', description: '', level: 'everyone' })).rejects.toThrow(UnconferenceError);
  });

  it('lets two people propose the same title at once: exactly one is stored', async () => {
    const { service } = stack();
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan());
    const results = await Promise.allSettled(MEMBERS.slice(0, 8).map((m) => propose(service, u.id, m, 'Same title')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.prisma.unconferenceProposal.count()).toBe(1);
  });

  it('keeps each voter within their dots, replaces a spread, and refuses dots before and after voting', async () => {
    const { service, clock } = stack();
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan({ votingClosesAt: new Date('2026-12-09T12:00:00Z') }));
    const a = await propose(service, u.id, MEMBERS[0]!, 'A');
    const b = await propose(service, u.id, MEMBERS[1]!, 'B');
    await expect(service.setDots(u.id, MEMBERS[2]!, new Map([[a.id, 1]]))).rejects.toThrow('Voting has not opened yet');
    await expect(service.openVoting(u.id, { actor: person(MEMBERS[2]!) })).rejects.toThrow(/organis/i);
    await service.openVoting(u.id, { actor: ORGANISER });
    await expect(service.proposeAs(u.id, MEMBERS[3]!, { title: 'C', description: '', level: 'everyone' })).rejects.toThrow('Proposals are closed');
    await expect(service.setDots(u.id, MEMBERS[2]!, new Map([[a.id, 2], [b.id, 2]]))).rejects.toThrow('That is 4 dots; you have 3');
    expect(await service.setDots(u.id, MEMBERS[2]!, new Map([[a.id, 2], [b.id, 1]]))).toEqual({ used: 3, budget: 3 });
    expect(await service.setDots(u.id, MEMBERS[2]!, new Map([[b.id, 1]]))).toEqual({ used: 1, budget: 3 });
    expect((await service.proposals(u.id)).map((p) => p.dots)).toEqual([0, 1]);
    await expect(service.setDots(u.id, 'U0OUT', new Map([[a.id, 1]]))).rejects.toThrow('Only members');
    await expect(service.setDots(u.id, MEMBERS[2]!, new Map([[999_999, 1]]))).rejects.toThrow('not in this unconference');
    clock.set('2026-12-09T12:00:00Z');
    await expect(service.setDots(u.id, MEMBERS[2]!, new Map([[a.id, 1]]))).rejects.toThrow('Voting is closed');
  });

  it('counts every voter exactly under concurrency, and a voter saving many spreads at once stays within budget', async () => {
    const { service } = stack();
    const { u, proposals } = await voting(service);
    const [a, b, c] = proposals;
    // 30 voters at once: two dots on A and one on B each.
    await Promise.all(MEMBERS.map((m) => service.setDots(u.id, m, new Map([[a!.id, 2], [b!.id, 1]]))));
    // One voter saving ten spreads at once: each applies whole, one after another.
    const spreads = Array.from({ length: 10 }, (_, i) => new Map([[c!.id, 1 + (i % 3)]]));
    await Promise.all(spreads.map((s) => service.setDots(u.id, MEMBERS[0]!, s)));
    const mine = await db.prisma.unconferenceDot.findMany({ where: { unconferenceId: u.id, personId: MEMBERS[0]! } });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.proposalId).toBe(c!.id);
    const voter = await db.prisma.unconferenceVoter.findUniqueOrThrow({ where: { unconferenceId_personId: { unconferenceId: u.id, personId: MEMBERS[0]! } } });
    expect(voter.dotsUsed).toBe(mine[0]!.count);
    const totals = await service.proposals(u.id);
    expect(totals.find((p) => p.id === a!.id)!.dots).toBe(2 * 29);
    expect(totals.find((p) => p.id === b!.id)!.dots).toBe(29);
    const used = await db.prisma.unconferenceVoter.findMany();
    expect(used.every((v) => v.dotsUsed <= 3)).toBe(true);
  });

  it('closing the vote waits for dots in flight: none is stored after it, and every one before is in the draft', async () => {
    const { service } = stack();
    const { u, proposals } = await voting(service);
    const saves = MEMBERS.map((m) => service.setDots(u.id, m, new Map([[proposals[0]!.id, 1]])).then(() => 'saved', (e: Error) => e.message));
    const closing = service.closeVoting(u.id, { actor: ORGANISER });
    const outcomes = await Promise.all(saves);
    await closing;
    const saved = outcomes.filter((o) => o === 'saved').length;
    expect(outcomes.filter((o) => o !== 'saved').every((o) => o.includes('Voting is closed'))).toBe(true);
    expect((await service.proposals(u.id))[0]!.dots).toBe(saved);
    const after = await service.unconference(u.id);
    expect(after.phase).toBe('scheduling');
    const attending = Object.values(after.draft!.attendance).flat().filter((t) => t === proposals[0]!.id).length;
    expect(attending).toBeLessThanOrEqual(20);
    expect(after.draft!.satisfaction).toBeGreaterThan(0);
  });

  it('drafts an agenda where no host is double-booked and capacities hold, DMs it to the organiser, and moves a session with a swap', async () => {
    const { service } = stack();
    const { u, proposals } = await voting(service);
    for (const [i, m] of MEMBERS.entries()) await service.setDots(u.id, m, new Map([[proposals[i % 4]!.id, 2], [proposals[(i + 1) % 4]!.id, 1]]));
    const drafted = await service.closeVoting(u.id, { actor: ORGANISER });
    const draft = drafted!.draft!;
    expect(draft.sessions).toHaveLength(4);
    for (const [p, slots] of Object.entries(draft.attendance)) {
      const hosted = draft.sessions.filter((s) => proposals.find((x) => x.id === s.topicId)!.hostId === p);
      for (const h of hosted) expect(slots[h.slot]).toBe(h.topicId);
    }
    for (const s of draft.sessions) expect(Object.values(draft.attendance).filter((slots) => slots[s.slot] === s.topicId).length).toBeLessThanOrEqual(u.rooms[s.room]!.capacity);
    const [dm] = await outbound(`unconference:${u.id}:draft:${ORGANISER.userId}`);
    expect(dm!.userIds).toEqual([ORGANISER.userId]);
    expect(JSON.stringify(dm!.blocks)).toContain('Publish the agenda');

    const moving = draft.sessions[0]!;
    const target = { slot: moving.slot === 0 ? 1 : 0, room: moving.room };
    const occupant = draft.sessions.find((s) => s.slot === target.slot && s.room === target.room);
    const moved = await service.move(u.id, ORGANISER, { topicId: moving.topicId, ...target });
    expect(moved.draft!.sessions).toContainEqual({ topicId: moving.topicId, ...target });
    if (occupant) expect(moved.draft!.sessions).toContainEqual({ topicId: occupant.topicId, slot: moving.slot, room: moving.room });
    expect(moved.draft!.pinned).toHaveLength(moved.draft!.sessions.length);
    await expect(service.move(u.id, ORGANISER, { topicId: moving.topicId, slot: 5, room: 0 })).rejects.toThrow('not in this unconference');
    await expect(service.move(u.id, person(MEMBERS[0]!), { topicId: moving.topicId, ...target })).rejects.toThrow(/organis/i);
  });

  it('refuses a move that puts a host in two sessions at once', async () => {
    const { service } = stack();
    await community();
    const u = await service.create(CHANNEL, ORGANISER, plan());
    const one = await propose(service, u.id, MEMBERS[0]!, 'One');
    await propose(service, u.id, MEMBERS[1]!, 'Two');
    const three = await propose(service, u.id, MEMBERS[0]!, 'Three');
    await service.openVoting(u.id, { actor: ORGANISER });
    await service.setDots(u.id, MEMBERS[5]!, new Map([[one.id, 1], [three.id, 1]]));
    const drafted = await service.closeVoting(u.id, { actor: ORGANISER });
    const placedOne = drafted!.draft!.sessions.find((s) => s.topicId === one.id)!;
    const placedThree = drafted!.draft!.sessions.find((s) => s.topicId === three.id)!;
    expect(placedOne.slot).not.toBe(placedThree.slot);
    const free = placedOne.room === 0 ? 1 : 0;
    await expect(service.move(u.id, ORGANISER, { topicId: three.id, slot: placedOne.slot, room: free })).rejects.toThrow('one host in two sessions at once');
  });

  it('publishes once: the agenda, a message per session, each person their own agenda with the .ics link, and reminder jobs per slot', async () => {
    const { service, clock, messages } = stack();
    const { u, proposals } = await voting(service);
    for (const [i, m] of MEMBERS.slice(4, 10).entries()) await service.setDots(u.id, m, new Map([[proposals[i % 4]!.id, 3]]));
    await service.closeVoting(u.id, { actor: ORGANISER });
    await expect(service.publish(u.id, person(MEMBERS[0]!))).rejects.toThrow(/organis/i);
    const { people } = await service.publish(u.id, ORGANISER);
    await expect(service.publish(u.id, ORGANISER)).rejects.toThrow('already published');
    expect(people).toBe(10);
    const [agenda] = await outbound(`unconference:${u.id}:agenda`);
    expect(agenda!.channelId).toBe('C1');
    expect(JSON.stringify(agenda!.blocks)).toContain('Slot 1');
    expect(await outbound(`unconference:${u.id}:session:`)).toHaveLength(4);
    const personal = await outbound(`unconference:${u.id}:agenda:U`);
    expect(personal).toHaveLength(10);
    const host = personal.find((m) => m.userIds[0] === MEMBERS[0])!;
    expect(JSON.stringify(host.blocks)).toContain('(you host it)');
    expect(JSON.stringify(host.blocks)).toContain(`/unconference/${u.id}/agenda/${MEMBERS[0]}.ics`);
    const jobs = await db.prisma.job.findMany({ where: { kind: 'unconference.reminder' }, orderBy: { runAt: 'asc' } });
    expect(jobs.map((j) => j.runAt.toISOString())).toEqual(['2026-12-10T08:50:00.000Z', '2026-12-10T09:50:00.000Z']);

    // The first slot's reminder: each person in it once, however often the job runs; a late one is skipped.
    clock.set('2026-12-10T08:50:30Z');
    const payload = reminderPayload.parse(jobs[0]!.payload);
    const first = await sendSlotReminders({ prisma: db.prisma, messages }, payload, clock.now());
    await sendSlotReminders({ prisma: db.prisma, messages }, payload, clock.now());
    expect(first).toMatchObject({ kind: 'sent' });
    const reminders = await outbound(`unconference:${u.id}:slot:0:reminder:`);
    expect(reminders.length).toBe((first as { people: number }).people);
    expect(new Set(reminders.map((r) => r.userIds[0])).size).toBe(reminders.length);
    expect(await sendSlotReminders({ prisma: db.prisma, messages }, reminderPayload.parse(jobs[1]!.payload), new Date('2026-12-10T09:56:00Z'))).toEqual({ kind: 'late' });
  });

  it('moves the phases on at their deadlines, and a deadline whose phase was moved by hand stands down', async () => {
    const { service, clock, scheduler } = stack();
    scheduler.register(deadlineJob(service));
    await community();
    const deadlines = { proposalsCloseAt: new Date('2026-12-08T12:00:00Z'), votingClosesAt: new Date('2026-12-09T12:00:00Z') };
    const u = await service.create(CHANNEL, ORGANISER, plan(deadlines));
    const byHand = await service.create(CHANNEL, ORGANISER, plan({ title: 'By hand', ...deadlines }));
    expect(await service.takingProposals(u.communityId)).toEqual([{ id: byHand.id, title: 'By hand' }, { id: u.id, title: 'Open <space> & friends' }]);
    // Outside ideas propose through the port: a feed post's long text is cut to the form's limits.
    await service.propose({ unconferenceId: byHand.id, title: 'T'.repeat(150), description: 'D'.repeat(1000), level: 'everyone', by: MEMBERS[2]! });
    const fromFeed = await db.prisma.unconferenceProposal.findFirstOrThrow({ where: { hostId: MEMBERS[2]! } });
    expect([[...fromFeed.title].length, [...fromFeed.description].length, fromFeed.title.endsWith('…')]).toEqual([80, 300, true]);
    const a = await propose(service, u.id, MEMBERS[0]!, 'A');
    await propose(service, byHand.id, MEMBERS[0]!, 'A');
    await service.openVoting(byHand.id, { actor: ORGANISER });
    await service.closeVoting(byHand.id, { actor: ORGANISER });

    clock.set('2026-12-08T12:00:00Z');
    await scheduler.runUntilIdle();
    expect((await service.unconference(u.id)).phase).toBe('voting');
    await service.setDots(u.id, MEMBERS[1]!, new Map([[a.id, 3]]));
    clock.set('2026-12-09T12:00:00Z');
    await scheduler.runUntilIdle();
    const closed = await service.unconference(u.id);
    expect(closed.phase).toBe('scheduling');
    expect(closed.draft!.sessions).toEqual([expect.objectContaining({ topicId: a.id })]);
    // The draft goes to the creator, who planned it.
    expect(await outbound(`unconference:${u.id}:draft:${ORGANISER.userId}`)).toHaveLength(1);
    expect((await service.unconference(byHand.id)).phase).toBe('scheduling');
    const jobs = await db.prisma.job.findMany({ where: { kind: 'unconference.deadline' } });
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done', 'done', 'done']);
  });
});
