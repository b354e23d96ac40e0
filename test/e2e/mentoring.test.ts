import { LEVEL_PICK_ACTION, levelValue, MENTOR_ACCEPT_ACTION, MENTOR_DECLINE_ACTION, MENTOR_END_ACTION, REASON_BLOCK, REASON_INPUT } from '../../src/rituals/mentoring/mentoring.ids';
import { eventually } from '../support/eventually';
import { guildReply, useHarness, type Harness } from '../support/guild-harness';

/**
 * Mentor matches over the local Slack with the real Guild: an organiser runs the week's round,
 * both sides get a DM with Accept / Decline, one pair accepts (a kickoff group DM, once), one
 * mentor declines with a private reason and the mentee is re-matched to the next mentor.
 */
describe('mentor matches end to end', () => {
  const h = useHarness('http');

  /** Profiles as the form leaves them: what each can mentor or wants to learn, at which level. */
  async function setUp(harness: Harness): Promise<void> {
    await guildReply(harness, harness.users.ada, 'setup Design guild');
    await guildReply(harness, harness.users.ada, 'topics add Accessibility');
    for (const user of [harness.users.grace, harness.users.alan, harness.users.margaret]) await guildReply(harness, user, 'join');
    const topic = await harness.db.prisma.topic.findFirstOrThrow();
    const profile: Array<[{ id: string }, 'mentor' | 'mentee', number]> = [[harness.users.grace, 'mentor', 5], [harness.users.alan, 'mentor', 4], [harness.users.margaret, 'mentee', 1], [harness.users.ada, 'mentee', 2]];
    for (const [user, role, level] of profile) {
      await harness.db.prisma.membership.updateMany({ where: { personId: user.id }, data: { mentoring: role } });
      await harness.db.prisma.topicSkill.create({ data: { personId: user.id, topicId: topic.id, level, canMentor: role === 'mentor', wantsToLearn: role === 'mentee' } });
    }
  }

  const proposalFor = (userId: string, otherId: string) =>
    h.slack.waitFor(() => h.slack.dms(userId).find((m) => m.text.startsWith('Mentor match') && m.text.includes(otherId)), { description: `the proposal DM of ${userId}`, timeoutMs: 10_000 });
  const blocksOf = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []);

  it('proposes, starts one accepted mentorship once, and re-matches a declined mentee', async () => {
    await setUp(h);
    expect(await guildReply(h, h.users.grace, 'mentoring capacity 2')).toBe('You take up to 2 mentees at a time.');
    expect(await guildReply(h, h.users.alan, 'mentoring capacity 2')).toBe('You take up to 2 mentees at a time.');
    expect(await guildReply(h, h.users.alan, 'mentoring capacity 11')).toMatch(/11 is more than 10 mentees/);
    expect(await guildReply(h, h.users.grace, 'mentoring run')).toMatch(/Only this community's organisers can run mentor matches/);
    expect(await guildReply(h, h.users.ada, 'mentoring run')).toMatch(/^Proposed 2 mentor matches \(\d{4}-W\d{2}\); both sides got a DM/);
    expect(await guildReply(h, h.users.ada, 'mentoring run')).toMatch(/already ran: 2 proposed/);

    const matches = await h.db.prisma.mentorMatch.findMany({ orderBy: { id: 'asc' } });
    const margaretsMatch = matches.find((m) => m.menteeId === h.users.margaret.id)!;
    const adasMatch = matches.find((m) => m.menteeId === h.users.ada.id)!;

    // Margaret and her mentor accept; a double click on Accept starts it once.
    const menteeDm = await proposalFor(h.users.margaret.id, margaretsMatch.mentorId);
    expect(blocksOf(menteeDm)).toContain('they can mentor you in Accessibility, level');
    const mentorDm = await proposalFor(margaretsMatch.mentorId, h.users.margaret.id);
    await h.driver.blockAction({ user: h.users.margaret, channel: menteeDm.channel, messageTs: menteeDm.ts, actionId: MENTOR_ACCEPT_ACTION });
    await Promise.all([1, 2].map(() => h.driver.blockAction({ user: margaretsMatch.mentorId, channel: mentorDm.channel, messageTs: mentorDm.ts, actionId: MENTOR_ACCEPT_ACTION })));
    const pair = [margaretsMatch.mentorId, h.users.margaret.id];
    const kickoff = await h.slack.waitFor(() => {
      const channel = h.slack.dmChannelFor(pair);
      return channel ? h.slack.messages(channel).find((m) => m.text.startsWith('Mentorship started')) : undefined;
    }, { description: 'the kickoff group DM', timeoutMs: 10_000 });
    expect(blocksOf(kickoff)).toContain('Suggested first topics');
    // The proposal DMs were edited in place to say it started.
    await h.slack.waitFor(() => blocksOf(h.slack.dms(h.users.margaret.id).find((m) => m.ts === menteeDm.ts)!).includes('You both accepted') || undefined, { description: 'the edited proposal', timeoutMs: 10_000 });
    expect(h.slack.messages(h.slack.dmChannelFor(pair)!).filter((m) => m.text.startsWith('Mentorship started'))).toHaveLength(1);

    // Ada's mentor declines with a private reason; Ada is proposed the other mentor.
    const declinerDm = await proposalFor(adasMatch.mentorId, h.users.ada.id);
    await h.driver.blockAction({ user: adasMatch.mentorId, channel: declinerDm.channel, messageTs: declinerDm.ts, actionId: MENTOR_DECLINE_ACTION });
    const form = await h.slack.waitFor(() => h.slack.views(adasMatch.mentorId).at(-1), { description: 'the decline form' });
    await h.driver.submitView({ user: adasMatch.mentorId, viewId: form.id, values: { [REASON_BLOCK]: { [REASON_INPUT]: 'Away until March' } } });
    const otherMentor = [h.users.grace.id, h.users.alan.id].find((id) => id !== adasMatch.mentorId)!;
    const second = await proposalFor(h.users.ada.id, otherMentor);
    expect(blocksOf(second)).toContain(MENTOR_ACCEPT_ACTION);
    await h.slack.waitFor(() => blocksOf(h.slack.dms(h.users.ada.id).find((m) => m.ts !== second.ts && m.text.includes(adasMatch.mentorId))!).includes('will not go ahead') || undefined, { description: 'the first proposal edited', timeoutMs: 10_000 });

    // The accepted pair was left alone; the reason is in no message anyone can read.
    expect(await h.db.prisma.mentorMatch.findUniqueOrThrow({ where: { id: margaretsMatch.id } })).toMatchObject({ status: 'accepted' });
    const everything = h.slack.conversations().flatMap((c) => h.slack.messages(c.id)).map((m) => JSON.stringify(m)).join('\n');
    expect(everything).not.toContain('Away until March');
    expect(h.slack.failedInteractions()).toEqual([]);
  }, 60_000);

  it('ends a mentorship from the App Home; the other side is told, never why', async () => {
    await setUp(h);
    await guildReply(h, h.users.ada, 'mentoring run');
    const match = await h.db.prisma.mentorMatch.findFirstOrThrow({ where: { menteeId: h.users.margaret.id } });
    for (const userId of [match.mentorId, match.menteeId]) {
      const dm = await proposalFor(userId, userId === match.mentorId ? match.menteeId : match.mentorId);
      await h.driver.blockAction({ user: userId, channel: dm.channel, messageTs: dm.ts, actionId: MENTOR_ACCEPT_ACTION });
    }
    await eventually(async () => ((await h.db.prisma.mentorMatch.findUniqueOrThrow({ where: { id: match.id } })).status === 'accepted' ? true : undefined), 10_000);
    const published = h.slack.callsTo('views.publish').length;
    await h.driver.event({ type: 'app_home_opened', user: h.users.margaret.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > published || undefined, { description: 'the App Home' });
    const home = h.slack.home(h.users.margaret.id)!;
    expect(JSON.stringify(home.view.blocks)).toContain(`mentored by <@${match.mentorId}>`);
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: MENTOR_END_ACTION });
    const form = await h.slack.waitFor(() => h.slack.views(h.users.margaret.id).at(-1), { description: 'the end form' });
    const shown = h.slack.callsTo('views.publish').length;
    await h.driver.submitView({ user: h.users.margaret, viewId: form.id, values: { [REASON_BLOCK]: { [REASON_INPUT]: 'We clash on tabs versus spaces' } } });
    // The Home she ended it from follows, without her reopening it.
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > shown && !JSON.stringify(h.slack.home(h.users.margaret.id)!.view.blocks).includes('mentored by'), { description: 'the Home without the mentorship', timeoutMs: 10_000 });
    const notice = await h.slack.waitFor(() => h.slack.dms(match.mentorId).find((m) => m.text.startsWith('Your mentorship with')), { description: 'the ended notice', timeoutMs: 10_000 });
    expect(blocksOf(notice)).toContain(`<@${h.users.margaret.id}> ended your mentorship`);
    expect(await h.db.prisma.mentorMatch.findUniqueOrThrow({ where: { id: match.id } })).toMatchObject({ status: 'ended', endReason: 'We clash on tabs versus spaces' });
    const everything = h.slack.conversations().flatMap((c) => h.slack.messages(c.id)).map((m) => JSON.stringify(m)).join('\n');
    expect(everything).not.toContain('tabs versus spaces');
  }, 60_000);

  it('runs the levels survey by DM and shows organisers only the counts', async () => {
    await setUp(h);
    expect(await guildReply(h, h.users.grace, 'levels survey')).toMatch(/Only this community's organisers can run a levels survey/);
    expect(await guildReply(h, h.users.ada, 'levels survey')).toMatch(/^Sent the levels survey \(1 topic\) to 4 members/);
    const survey = await h.slack.waitFor(() => h.slack.dms(h.users.alan.id).find((m) => m.text.startsWith('Experience levels survey')), { description: 'the survey DM', timeoutMs: 10_000 });
    const topic = await h.db.prisma.topic.findFirstOrThrow();
    expect(blocksOf(survey)).toContain('4 · experienced');
    await h.driver.blockAction({ user: h.users.alan, channel: survey.channel, messageTs: survey.ts, actionId: LEVEL_PICK_ACTION, selectedOption: levelValue.encode({ topicId: topic.id, level: 2 }) });
    await eventually(async () => ((await h.db.prisma.topicSkill.findUnique({ where: { personId_topicId: { personId: h.users.alan.id, topicId: topic.id } } }))?.level === 2 ? true : undefined), 10_000);
    const levels = await guildReply(h, h.users.ada, 'levels');
    expect(levels).toContain('*Accessibility*: 1: 1 · 2: 2 · 3: 0 · 4: 0 · 5: 1 · not given: 0');
    expect(levels).not.toMatch(/<@/);
  }, 60_000);
});
