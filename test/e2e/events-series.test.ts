import { EVENT_FIELDS, type EventField } from '../../src/rituals/events/events.form-ids';
import type { GivenValue } from '../../src/sandbox/view-state.builder';
import { ManualClock } from '../../src/scheduler/clock';
import { eventFormValues, moveClock } from '../support/event-form';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * A weekly event in London and one in New York, each across its own daylight-saving change
 * (New York on 14 March 2027, London on 28 March): every occurrence keeps its local time, each
 * is announced when the one before it ends, and its reminder comes at the local time's instant.
 */
describe('recurring events across a daylight-saving change, in two zones', () => {
  const clock = new ManualClock('2027-03-01T09:00:00Z');
  const h = useHarness('http', { clock });

  const given = eventFormValues;
  const moveTo = (iso: string) => moveClock(clock, iso);

  async function planWeekly(title: string, startDate: string, startTime: string, timeZone: string): Promise<void> {
    const { ada } = h.users;
    const before = h.slack.views(ada.id).length;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'event' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).length > before && h.slack.views(ada.id).at(-1), { description: 'the event form' });
    await h.driver.submitView({ user: ada, viewId: form.id, values: given({ kind: 'hack', title, startDate, startTime, timeZone, recurrence: 'weekly', count: '3' }) });
    await h.slack.waitFor(() => h.slack.dms(ada.id).find((m) => m.text.includes('is announced in') && m.text.includes(timeZone)), { description: `${title} confirmed` });
  }

  const starts = async (title: string) => (await h.db.prisma.event.findMany({ where: { title }, orderBy: { startsAt: 'asc' } })).map((e) => e.startsAt.toISOString());

  it('keeps local time across the change in each zone, announces one at a time, and reminds at the local instant', async () => {
    const { ada, grace } = h.users;
    await guildReply(h, ada, 'setup');
    await guildReply(h, grace, 'join');
    await planWeekly('Hack night NY', '2027-03-11', '12:00', 'America/New_York');
    await planWeekly('Hack night London', '2027-03-25', '18:00', 'Europe/London');
    expect(await starts('Hack night NY')).toEqual(['2027-03-11T17:00:00.000Z', '2027-03-18T16:00:00.000Z', '2027-03-25T16:00:00.000Z']);
    expect(await starts('Hack night London')).toEqual(['2027-03-25T18:00:00.000Z', '2027-04-01T17:00:00.000Z', '2027-04-08T17:00:00.000Z']);
    const announced = (title: string) => h.slack.messages(h.channel.id).filter((m) => m.text.includes(title));
    expect(announced('Hack night NY')).toHaveLength(1);
    expect(announced('Hack night London')).toHaveLength(1);

    // The London one's first occurrence ends at 19:00 UTC: the second's announcement follows it.
    await moveTo('2027-03-25T19:00:30Z');
    const second = await h.slack.waitFor(() => announced('Hack night London').at(1), { description: "the London series' second announcement" });
    expect(second.text).toContain('Thu 1 Apr 2027, 18:00 (Europe/London)');
    await h.driver.blockAction({ user: grace, channel: { id: second.channel }, messageTs: second.ts, actionId: 'event_rsvp_going' });
    await h.slack.waitFor(() => h.slack.ephemerals({ user: grace.id }).find((e) => e.text.startsWith("You're going")), { description: "Grace's answer" });

    // 17:45 BST is 16:45 UTC: the reminder comes then, and not at 17:45 UTC.
    await moveTo('2027-04-01T16:45:05Z');
    await h.slack.waitFor(() => h.slack.dms(grace.id).find((m) => m.text.includes('Hack night London') && m.text.includes('starts in 15 min')), { description: "Grace's reminder at 17:45 London time" });
    await moveTo('2027-04-01T17:45:05Z');
    expect(h.slack.dms(grace.id).filter((m) => m.text.includes('starts in 15 min'))).toHaveLength(1);
  }, 60_000);
});
