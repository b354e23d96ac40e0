import { COMMENT_BLOCK, COMMENT_INPUT, PULSE_COMMENT_ACTION, PULSE_SAFETY_ACTION, PULSE_VALUE_ACTION, scoreValue } from '../../src/rituals/health/pulse.ids';
import type { SandboxUser } from '../../src/sandbox';
import { ManualClock } from '../../src/scheduler/clock';
import { eventually } from '../support/eventually';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * Pulse surveys over the local Slack with the real Guild: an organiser sends one, every member
 * gets a DM, they answer with the menus and the comment form (one changes their mind), and the
 * organiser sees only the count until five answered, then the totals, never who said what.
 */
describe('pulse surveys end to end', () => {
  // Tuesday 1 December 2026. At debug level, so the test sees every line Guild logs.
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const h = useHarness('http', { logLevel: 'debug', clock });
  const extra: SandboxUser[] = [];

  beforeAll(() => {
    for (const name of ['katherine', 'dorothy']) {
      const user = h.slack.addUser({ name, realName: name, tz: 'Europe/London' });
      h.channel.members.add(user.id);
      extra.push(user);
    }
  });

  const surveyOf = (userId: string) => h.slack.waitFor(() => h.slack.dms(userId).find((m) => m.text.startsWith('Pulse survey')), { description: `the pulse DM of ${userId}`, timeoutMs: 10_000 });

  async function pick(user: SandboxUser, actionId: string, score: number): Promise<void> {
    const dm = await surveyOf(user.id);
    const roundId = (await h.db.prisma.pulseRound.findFirstOrThrow()).id;
    await h.driver.blockAction({ user, channel: dm.channel, messageTs: dm.ts, actionId, selectedOption: scoreValue.encode({ roundId, score }) });
  }

  const answers = () => h.db.prisma.pulseAnswer.findMany({ select: { value: true, safety: true, comment: true }, orderBy: [{ value: 'asc' }] });

  async function setUp(): Promise<SandboxUser[]> {
    await guildReply(h, h.users.ada, 'setup Design guild');
    for (const user of [h.users.grace, h.users.alan, h.users.margaret, ...extra]) await guildReply(h, user, 'join');
    return [h.users.ada, h.users.grace, h.users.alan, h.users.margaret, ...extra];
  }

  it('sends the survey by DM, takes changed answers and a comment, and shows totals only from five responses', async () => {
    const everyone = await setUp();
    expect(await guildReply(h, h.users.grace, 'pulse send')).toMatch(/Only this community's organisers can send a pulse survey/);
    expect(await guildReply(h, h.users.ada, 'pulse now')).toMatch(/`\/guild pulse` has no "now"/);
    expect(await guildReply(h, h.users.ada, 'pulse schedule 31 10:00')).toMatch(/^Day 31 is not in every month: give 1 to 28/);
    expect(await guildReply(h, h.users.ada, 'pulse schedule')).toMatch(/^The pulse survey is scheduled: .* \(schedule #\d+; see `\/guild schedules`\)\.$/);
    expect(await guildReply(h, h.users.ada, 'pulse schedule 1 09:00')).toMatch(/^The pulse survey is scheduled already/);
    expect(await guildReply(h, h.users.ada, 'pulse send')).toMatch(/^Sent the pulse survey to 6 members of \*Design guild\*/);
    expect(await guildReply(h, h.users.ada, 'pulse send')).toMatch(/^Today's pulse survey of \*Design guild\* was sent already/);
    for (const user of everyone) expect(JSON.stringify((await surveyOf(user.id)).blocks)).toContain('I feel safe asking questions here.');

    // Four answer; Grace changes her mind. Four responses: only the count shows.
    const [ada, grace, alan, margaret, katherine] = everyone as [SandboxUser, SandboxUser, SandboxUser, SandboxUser, SandboxUser];
    for (const [user, value, safety] of [[ada, 5, 4], [grace, 1, 2], [alan, 4, 4], [margaret, 4, 5]] as const) {
      await pick(user, PULSE_VALUE_ACTION, value);
      await pick(user, PULSE_SAFETY_ACTION, safety);
    }
    await pick(grace, PULSE_VALUE_ACTION, 3);
    await eventually(async () => ((await answers()).map((a) => [a.value, a.safety]).join(' ') === '3,2 4,4 4,5 5,4' ? true : undefined), 10_000);
    expect(await guildReply(h, ada, 'pulse')).toMatch(/\*2026-12-01\*: 4 responses of 6 asked\. Results show from 5 responses\./);

    // The fifth writes a comment through the form.
    const dm = await surveyOf(katherine.id);
    await h.driver.blockAction({ user: katherine, channel: dm.channel, messageTs: dm.ts, actionId: PULSE_COMMENT_ACTION });
    const form = await h.slack.waitFor(() => h.slack.views(katherine.id).at(-1), { description: 'the comment form' });
    await h.driver.submitView({ user: katherine, viewId: form.id, values: { [COMMENT_BLOCK]: { [COMMENT_INPUT]: '<!channel> more live demos' } } });
    await eventually(async () => ((await answers()).length === 5 ? true : undefined), 10_000);

    const results = await guildReply(h, ada, 'pulse');
    expect(results).toContain('5 responses of 6 asked');
    expect(results).toContain('Value to me: *4.0* average of 4 (1: 0 · 2: 0 · 3: 1 · 4: 2 · 5: 1)');
    expect(results).toContain('Safe asking questions: *3.8* average of 4 (1: 0 · 2: 1 · 3: 0 · 4: 2 · 5: 1)');
    expect(results).toContain('> &lt;!channel&gt; more live demos');
    expect(await guildReply(h, grace, 'pulse')).toMatch(/Only this community's organisers can see the pulse surveys/);

    // No answer row carries a Slack id, and no message but the organiser's reply holds the comment.
    const stored = JSON.stringify([await answers(), await h.db.prisma.pulseAnswered.findMany()]);
    for (const user of everyone) expect(stored).not.toContain(user.id);
    const posted = h.slack.conversations().flatMap((c) => h.slack.messages(c.id)).map((m) => JSON.stringify(m)).join('\n');
    expect(posted).not.toContain('live demos');
    expect(h.logs.map((line) => JSON.stringify(line)).filter((line) => line.includes('live demos'))).toEqual([]);
    expect(h.slack.failedInteractions()).toEqual([]);
  }, 90_000);

  it('sends the monthly survey from its schedule through the scheduler, once', async () => {
    clock.set('2026-12-07T09:58:00Z');
    const everyone = await setUp();
    expect(await guildReply(h, h.users.ada, 'pulse schedule first-monday 10:00')).toMatch(/^The pulse survey is scheduled: .*\(schedule #\d+; see `\/guild schedules`\)\.$/);
    clock.set('2026-12-07T10:00:05Z');
    for (const user of everyone) await surveyOf(user.id);
    // A few more heartbeats: still one round, one DM each.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await h.db.prisma.pulseRound.findMany({ select: { date: true, recipients: true } })).toEqual([{ date: '2026-12-07', recipients: 6 }]);
    for (const user of everyone) expect(h.slack.dms(user.id).filter((m) => m.text.startsWith('Pulse survey'))).toHaveLength(1);
    expect(await guildReply(h, h.users.ada, 'pulse')).toContain('*2026-12-07*: 0 responses of 6 asked. Results show from 5 responses.');
  }, 60_000);
});
