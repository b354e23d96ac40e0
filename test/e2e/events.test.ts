import { EVENT_FIELDS, type EventField } from '../../src/rituals/events/events.form-ids';
import type { GivenValue } from '../../src/sandbox/view-state.builder';
import { ManualClock } from '../../src/scheduler/clock';
import { eventFormValues, moveClock } from '../support/event-form';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * Events over the local Slack with the real Guild and its scheduler: an event planned in the
 * form, RSVPs filling it and a waitlist, reminders at their times (each once), a change of time
 * that moves the reminders, a place freed and taken by the waitlist, and a cancel.
 */
describe('events, planned to cancelled', () => {
  // Monday 7 December 2026, 08:00 UTC.
  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const h = useHarness('http', { clock });

  const given = eventFormValues;
  const moveTo = (iso: string) => moveClock(clock, iso);
  const announcements = () => h.slack.messages(h.channel.id).filter((m) => m.text.includes('Talk: Screen readers'));
  const dmsMatching = (userId: string, text: string) => h.slack.dms(userId).filter((m) => m.text.includes(text));
  const click = async (user: { id: string }, message: { channel: string; ts: string }, actionId: string) =>
    h.driver.blockAction({ user, channel: { id: message.channel }, messageTs: message.ts, actionId });

  async function planEvent(): Promise<{ channel: string; ts: string }> {
    const { ada } = h.users;
    const before = h.slack.views(ada.id).length;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'event' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).length > before && h.slack.views(ada.id).at(-1), { description: 'the event form' });
    const answers: Partial<Record<EventField, GivenValue>> = { kind: 'talk', title: 'Screen readers <hands on>', startDate: '2026-12-10', startTime: '18:00', timeZone: 'Europe/London', place: 'Room 4', capacity: '2' };
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: given({ ...answers, duration: '0', timeZone: 'Mars/Olympus' }) });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [EVENT_FIELDS.duration]: expect.any(String), [EVENT_FIELDS.timeZone]: expect.any(String) } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: given(answers) });
    await h.slack.waitFor(() => dmsMatching(ada.id, 'is announced in').at(0), { description: "the creator's confirmation" });
    const announcement = await h.slack.waitFor(() => announcements().at(0), { description: 'the announcement' });
    return { channel: announcement.channel, ts: announcement.ts };
  }

  it('announces, fills with a waitlist, reminds once at each time, follows a change of time, promotes, and cancels', async () => {
    const { ada, alan, grace, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace, margaret]) await guildReply(h, person, 'join');
    const announcement = await planEvent();
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain('Screen readers &lt;hands on&gt;');
    // Its "Add to your calendar" link serves the event's .ics.
    const link = /<(http[^|>]+\/calendar\/event\/[^|>]+)\|Add to your calendar/.exec(JSON.stringify(announcements()[0]!.blocks))![1]!.replace(/\\u0026|&amp;/g, '&');
    const ics = await fetch(link);
    expect([ics.status, ics.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
    const body = await ics.text();
    expect(body).toContain('DTSTART;TZID=Europe/London:20261210T180000');
    expect(body).toContain('SUMMARY:Screen readers <hands on>');

    // Two places: Alan and Grace go; Margaret joins the waitlist; Alan's double click changes nothing.
    await click(alan, announcement, 'event_rsvp_going');
    await click(grace, announcement, 'event_rsvp_going');
    await click(margaret, announcement, 'event_rsvp_going');
    await click(alan, announcement, 'event_rsvp_going');
    await h.slack.waitFor(() => h.slack.ephemerals({ user: margaret.id }).find((e) => e.text.includes('number 1 on the waitlist')), { description: "Margaret's place on the waitlist" });
    await h.slack.waitFor(() => h.slack.ephemerals({ user: alan.id }).find((e) => e.text.includes('already answered')), { description: "Alan's double click answered" });
    expect(h.slack.ephemerals({ user: alan.id }).filter((e) => e.text.startsWith("You're going"))).toHaveLength(1);
    await h.slack.waitFor(() => JSON.stringify(announcements()[0]!.blocks).includes('Waitlist (1, in order)') || undefined, { description: 'the announcement edited in place' });
    expect(announcements()).toHaveLength(1);
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain('Going (2 of 2 places)');

    // A day before (18:00 London = 18:00 UTC in December): a DM to each of the two going, and one thread reply.
    await moveTo('2026-12-09T18:00:05Z');
    await h.slack.waitFor(() => dmsMatching(grace.id, 'starts in a day').at(0), { description: "Grace's day-before reminder" });
    await moveTo('2026-12-09T18:01:00Z');
    expect(dmsMatching(alan.id, 'starts in a day')).toHaveLength(1);
    expect(dmsMatching(margaret.id, 'starts in a day')).toHaveLength(0);
    expect(announcements()[0]!.replies.filter((m) => m.text.includes('starts in a day'))).toHaveLength(1);

    // Ada moves it an hour later the same day: answers stay; Alan and Grace (and Margaret, waiting) hear of it.
    const editBefore = h.slack.views(ada.id).length;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'events' });
    const listed = await h.slack.waitFor(() => h.slack.ephemerals({ user: ada.id }).find((e) => e.text.startsWith('Coming up')), { description: 'the list' });
    const id = /#(\d+)/.exec(JSON.stringify(listed.blocks))![1]!;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: `event edit ${id}` });
    const editForm = await h.slack.waitFor(() => h.slack.views(ada.id).length > editBefore && h.slack.views(ada.id).at(-1), { description: 'the edit form' });
    await h.driver.submitView({ user: ada, viewId: editForm.id, values: given({ startTime: '19:00' }) });
    const change = await h.slack.waitFor(() => dmsMatching(grace.id, 'Changed:').at(0), { description: 'the change told to Grace' });
    expect(JSON.stringify(change.blocks)).toContain('now starts');
    expect(JSON.stringify(change.blocks)).not.toContain('event_rsvp_going');

    // The old quarter-hour passes with no reminder; the new one comes, once.
    await moveTo('2026-12-10T17:45:30Z');
    expect(dmsMatching(alan.id, 'starts in 15 min')).toHaveLength(0);
    await moveTo('2026-12-10T18:45:05Z');
    await h.slack.waitFor(() => dmsMatching(alan.id, 'starts in 15 min').at(0), { description: "Alan's 15-minute reminder" });
    await moveTo('2026-12-10T18:46:00Z');
    expect(dmsMatching(alan.id, 'starts in 15 min')).toHaveLength(1);
    expect(dmsMatching(grace.id, 'starts in 15 min')).toHaveLength(1);

    // Alan drops out: Margaret moves up from the waitlist and is told.
    await click(alan, announcement, 'event_rsvp_not_going');
    await h.slack.waitFor(() => dmsMatching(margaret.id, 'A place freed up').at(0), { description: "Margaret's promotion" });

    // Ada cancels it from the announcement's menu: everyone still coming is told, the buttons go.
    const cancelBefore = h.slack.views(ada.id).length;
    await h.driver.blockAction({ user: ada, channel: { id: announcement.channel }, messageTs: announcement.ts, actionId: 'event_manage', selectedOption: `${id}:cancel` });
    const cancelForm = await h.slack.waitFor(() => h.slack.views(ada.id).length > cancelBefore && h.slack.views(ada.id).at(-1), { description: 'the cancel form' });
    await h.driver.submitView({ user: ada, viewId: cancelForm.id, values: { reason: { value: 'The room <flooded>' } } });
    await h.slack.waitFor(() => dmsMatching(grace.id, 'is cancelled').at(0), { description: 'the cancel told to Grace' });
    const toMargaret = await h.slack.waitFor(() => dmsMatching(margaret.id, 'is cancelled').at(0), { description: 'the cancel told to Margaret' });
    expect(toMargaret.text).toContain('The room &lt;flooded&gt;');
    expect(dmsMatching(alan.id, 'is cancelled')).toHaveLength(0);
    await h.slack.waitFor(() => (JSON.stringify(announcements()[0]!.blocks).includes('Cancelled.') ? true : undefined), { description: 'the announcement shows the cancel' });
  }, 90_000);
});
