import { useTestDatabase } from '../../support/database';
import { mentoringStack, seedCommunity, type PersonSpec } from '../../support/mentoring-stack';

/** The mentoring service against Postgres: proposals, answers, re-matching, ending, stats, levels. */
describe('MentoringService', () => {
  const db = useTestDatabase();
  const at = new Date('2026-12-01T10:00:00Z');
  const stack = () => mentoringStack(db.prisma);
  const mentor = (id: string, level: number, extra: Partial<PersonSpec> = {}): PersonSpec => ({ id, role: 'mentor', teaches: ['accessibility'], levels: { accessibility: level }, ...extra });
  const mentee = (id: string, level: number, extra: Partial<PersonSpec> = {}): PersonSpec => ({ id, role: 'mentee', learns: ['accessibility'], levels: { accessibility: level }, ...extra });
  const outbound = (prefix: string) => db.prisma.outboundMessage.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });

  it('proposes once per week however often the round runs, and DMs both sides with why', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5), mentee('U0ADA', 2)]);
    const runs = await Promise.all([stack().mentoring.runRound(communityId, at), stack().mentoring.runRound(communityId, at), stack().mentoring.runRound(communityId, at)]);
    expect(runs.filter((r) => r.ran)).toHaveLength(1);
    expect(runs.map((r) => r.proposed)).toEqual([1, 1, 1]);
    const matches = await db.prisma.mentorMatch.findMany();
    expect(matches).toMatchObject([{ mentorId: 'U0GRACE', menteeId: 'U0ADA', status: 'proposed', topics: ['accessibility'], week: '2026-W49' }]);
    const dms = await outbound('mentoring:proposal:');
    expect(dms.map((m) => [m.key, m.userIds])).toEqual([[`mentoring:proposal:${matches[0]!.id}:mentee`, ['U0ADA']], [`mentoring:proposal:${matches[0]!.id}:mentor`, ['U0GRACE']]]);
    expect(JSON.stringify(dms[1]!.blocks)).toContain('you can mentor accessibility, level 5 vs 2');
  });

  it('starts a mentorship once when both accept, however many double clicks', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5), mentee('U0ADA', 2)]);
    await stack().mentoring.runRound(communityId, at);
    const { id } = await db.prisma.mentorMatch.findFirstOrThrow();
    const clicks = [...Array(3)].flatMap(() => [stack().mentoring.answer(id, 'U0GRACE', 'accept'), stack().mentoring.answer(id, 'U0ADA', 'accept')]);
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(2);
    expect(outcomes.filter((o) => o.kind === 'accepted' && o.started)).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-accepted')).toHaveLength(4);
    expect(await db.prisma.mentorMatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'accepted', mentorAnswer: 'accepted', menteeAnswer: 'accepted' });
    const kickoffs = await outbound('mentoring:kickoff:');
    expect(kickoffs.map((k) => k.userIds)).toEqual([['U0ADA', 'U0GRACE']]);
    expect(JSON.stringify(kickoffs[0]!.blocks)).toContain('Suggested first topics');
    expect(await db.prisma.job.count({ where: { kind: 'mentoring.checkin' } })).toBe(1);
    // The proposals were edited in place to show the state.
    const proposal = (await outbound(`mentoring:proposal:${id}:mentee`))[0]!;
    expect(proposal.version).toBeGreaterThan(0);
    expect(JSON.stringify(proposal.blocks)).toContain('You both accepted');
  });

  it('re-matches a declined mentee to the next best free mentor, leaving accepted pairs alone', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [
      mentor('U0GRACE', 5), mentor('U0KATH', 5), mentor('U0ALAN', 3),
      mentee('U0ADA', 2), mentee('U0BOB', 2),
    ]);
    await stack().mentoring.runRound(communityId, at);
    const first = await db.prisma.mentorMatch.findMany({ orderBy: { id: 'asc' } });
    expect(first).toHaveLength(2);
    const [kept, declined] = first as [(typeof first)[0], (typeof first)[0]];
    await stack().mentoring.answer(kept.id, kept.mentorId, 'accept');
    await stack().mentoring.answer(kept.id, kept.menteeId, 'accept');
    const outcome = await stack().mentoring.answer(declined.id, declined.mentorId, 'decline', 'on leave until March');
    expect(outcome).toEqual({ kind: 'declined', rematched: 1 });
    const after = await db.prisma.mentorMatch.findMany({ orderBy: { id: 'asc' } });
    expect(after[0]).toEqual(await db.prisma.mentorMatch.findUniqueOrThrow({ where: { id: kept.id } }));
    expect(after[0]).toMatchObject({ id: kept.id, status: 'accepted', mentorId: kept.mentorId, menteeId: kept.menteeId });
    expect(after[1]).toMatchObject({ id: declined.id, status: 'declined', declinedBy: declined.mentorId, declineReason: 'on leave until March' });
    const used = new Set([kept.mentorId, declined.mentorId]);
    const free = ['U0GRACE', 'U0KATH', 'U0ALAN'].find((m) => !used.has(m));
    expect(after[2]).toMatchObject({ status: 'proposed', menteeId: declined.menteeId, mentorId: free });
    // The private reason is in no message.
    const texts = JSON.stringify(await db.prisma.outboundMessage.findMany({ select: { text: true, blocks: true } }));
    expect(texts).not.toContain('on leave');
  });

  it('answers an accept after the other side declined clearly, and changes nothing', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5), mentee('U0ADA', 2)]);
    await stack().mentoring.runRound(communityId, at);
    const { id } = await db.prisma.mentorMatch.findFirstOrThrow();
    await stack().mentoring.answer(id, 'U0ADA', 'decline');
    expect(await stack().mentoring.answer(id, 'U0GRACE', 'accept')).toEqual({ kind: 'other-declined', otherId: 'U0ADA' });
    await expect(stack().mentoring.answer(id, 'U0ADA', 'accept')).rejects.toThrow('You declined this match already.');
    await expect(stack().mentoring.answer(id, 'U0ALAN', 'accept')).rejects.toThrow(/only they can answer it/);
    expect(await db.prisma.mentorMatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'declined', mentorAnswer: null, menteeAnswer: 'declined' });
    expect(await outbound('mentoring:kickoff:')).toEqual([]);
    // No other mentor: nobody new is proposed, and the declined pair is never proposed again.
    expect(await db.prisma.mentorMatch.count()).toBe(1);
  });

  it('never matches a mentor with capacity 0, and fills a capacity of 2', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5, { capacity: 0 }), mentor('U0KATH', 4, { capacity: 2 }), mentee('U0ADA', 2), mentee('U0BOB', 1), mentee('U0CAROL', 1)]);
    await stack().mentoring.runRound(communityId, at);
    const matches = await db.prisma.mentorMatch.findMany();
    expect(matches).toHaveLength(2);
    expect(new Set(matches.map((m) => m.mentorId))).toEqual(new Set(['U0KATH']));
    await expect(stack().mentoring.setCapacity(communityId, 'U0GRACE', 11)).rejects.toThrow(/0 to 10/);
    await expect(stack().mentoring.setCapacity(communityId, 'U0NOBODY', 1)).rejects.toThrow(/not a member/);
  });

  it('expires a proposal not answered by both within its week, and proposes the next mentor', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5), mentor('U0KATH', 5), mentee('U0ADA', 2)]);
    await stack().mentoring.runRound(communityId, at);
    const first = await db.prisma.mentorMatch.findFirstOrThrow();
    await stack().mentoring.answer(first.id, first.mentorId, 'accept');
    const nextWeek = new Date(at.getTime() + 7 * 86_400_000);
    expect(await stack().mentoring.runRound(communityId, nextWeek)).toMatchObject({ ran: true, week: '2026-W50', proposed: 1 });
    expect(await db.prisma.mentorMatch.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: 'expired' });
    const second = await db.prisma.mentorMatch.findFirstOrThrow({ where: { status: 'proposed' } });
    expect(second).toMatchObject({ menteeId: 'U0ADA', week: '2026-W50' });
    expect(second.mentorId).not.toBe(first.mentorId);
    await expect(stack().mentoring.answer(first.id, 'U0ADA', 'accept')).rejects.toThrow(/This proposal expired/);
    expect(JSON.stringify((await outbound(`mentoring:proposal:${first.id}:mentor`))[0]!.blocks)).toContain('This proposal expired');
  });

  it('prefers the level gap the organisers set', async () => {
    const people = [mentor('U0GRACE', 5), mentor('U0KATH', 3), mentee('U0ADA', 1)];
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], people);
    await stack().mentoring.runRound(communityId, at);
    expect(await db.prisma.mentorMatch.findFirstOrThrow()).toMatchObject({ mentorId: 'U0KATH' });
    await db.prisma.mentorMatch.deleteMany();
    await db.prisma.mentoringRound.deleteMany();
    await stack().mentoring.setIdealGap(communityId, 4);
    await stack().mentoring.runRound(communityId, at);
    expect(await db.prisma.mentorMatch.findFirstOrThrow()).toMatchObject({ mentorId: 'U0GRACE' });
    await expect(stack().mentoring.setIdealGap(communityId, 5)).rejects.toThrow(/from 1 to 4/);
  });

  it('leaves out snoozed, departed and deactivated people, and people who mentor and learn only themselves', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [
      mentor('U0GRACE', 5), mentee('U0SNOOZY', 1), mentee('U0GONE', 1), mentee('U0DEACT', 1),
      { id: 'U0SELF', role: 'both', teaches: ['accessibility'], learns: ['accessibility'], levels: { accessibility: 4 } },
    ]);
    await db.prisma.person.update({ where: { id: 'U0SNOOZY' }, data: { snoozedUntil: new Date('2026-12-24') } });
    await db.prisma.membership.update({ where: { communityId_personId: { communityId, personId: 'U0GONE' } }, data: { leftAt: at } });
    await db.prisma.person.update({ where: { id: 'U0DEACT' }, data: { deactivatedAt: at } });
    await db.prisma.mentorSettings.create({ data: { communityId, personId: 'U0GRACE', capacity: 0 } });
    expect(await stack().mentoring.runRound(communityId, at)).toMatchObject({ ran: true, proposed: 0 });
    expect(await db.prisma.mentorMatch.count()).toBe(0);
  });

  it('ends a mentorship for either side, tells the other, keeps the reason private; counts it all', async () => {
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], [mentor('U0GRACE', 5), mentee('U0ADA', 2), mentee('U0BOB', 2)]);
    await stack().mentoring.runRound(communityId, at);
    const { id, menteeId } = await db.prisma.mentorMatch.findFirstOrThrow();
    await expect(stack().mentoring.end(id, menteeId, undefined)).rejects.toThrow(/Only a mentorship you both accepted/);
    await stack().mentoring.answer(id, 'U0GRACE', 'accept');
    await stack().mentoring.answer(id, menteeId, 'accept');
    expect(await stack().mentoring.stats(communityId)).toEqual({ activeMentorships: 1, proposed: 0, accepted: 1, declines: 0, ended: 0 });
    expect(await stack().mentoring.end(id, menteeId, 'we covered it all')).toEqual({ otherId: 'U0GRACE' });
    await expect(stack().mentoring.end(id, 'U0GRACE')).rejects.toThrow('This mentorship has ended already.');
    expect(await db.prisma.mentorMatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'ended', endedBy: menteeId, endReason: 'we covered it all' });
    const notice = (await outbound(`mentoring:ended:${id}`))[0]!;
    expect(notice.userIds).toEqual(['U0GRACE']);
    expect(JSON.stringify(await db.prisma.outboundMessage.findMany({ select: { text: true, blocks: true } }))).not.toContain('covered it all');
    expect(JSON.stringify((await outbound(`mentoring:kickoff:${id}`))[0]!.blocks)).toContain('This mentorship has ended.');
    expect(await stack().mentoring.stats(communityId)).toEqual({ activeMentorships: 0, proposed: 0, accepted: 1, declines: 0, ended: 1 });
  });

  it('runs the levels survey: DMs each member, saves answers, shows only counts', async () => {
    const { communityId, topicIds } = await seedCommunity(db.prisma, ['accessibility', 'Kotlin'], [mentor('U0GRACE', 5), mentee('U0ADA', 2)]);
    expect(await stack().levels.sendSurvey(communityId, 'U0ORG')).toEqual({ recipients: 3, topics: 2 });
    const dms = await outbound('mentoring:levels:');
    expect(dms.map((d) => d.userIds[0]).sort()).toEqual(['U0ADA', 'U0GRACE', 'U0ORG']);
    const grace = dms.find((d) => d.userIds[0] === 'U0GRACE')!;
    const menus = (grace.blocks as { accessory?: { initial_option?: { text: { text: string } } } }[]).flatMap((b) => (b.accessory ? [b.accessory.initial_option?.text.text] : []));
    expect(menus).toEqual(['5 · expert', undefined]);
    await stack().levels.saveLevel('U0ADA', topicIds.get('Kotlin')!, 4);
    await stack().levels.saveLevel('U0ADA', topicIds.get('accessibility')!, 3);
    expect(await db.prisma.topicSkill.findUniqueOrThrow({ where: { personId_topicId: { personId: 'U0ADA', topicId: topicIds.get('accessibility')! } } })).toMatchObject({ level: 3, wantsToLearn: true });
    await expect(stack().levels.saveLevel('U0STRANGER', topicIds.get('Kotlin')!, 4)).rejects.toThrow(/no longer a member/);
    expect(await stack().levels.distributions(communityId)).toEqual([
      { topic: 'accessibility', counts: [0, 0, 1, 0, 1], notGiven: 1 },
      { topic: 'Kotlin', counts: [0, 0, 0, 1, 0], notGiven: 2 },
    ]);
  });
});
