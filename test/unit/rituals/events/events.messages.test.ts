import { parseEventCommand } from '../../../../src/rituals/events/events.command';
import { announcementMessage, changedMessage, localStart, placeText, readerTime } from '../../../../src/rituals/events/events.messages';
import { rsvpAnswerText } from '../../../../src/rituals/events/events.listeners';
import type { EventView } from '../../../../src/rituals/events/events.types';

const event = (over: Partial<EventView> = {}): EventView => ({
  id: 7, communityId: 1, seriesId: null, originalStart: null, kind: 'workshop', title: 'CSS <grid> & *you*', description: 'Bring a <laptop>', level: 'newcomers',
  topics: ['CSS'], hosts: ['U0HOST'], guestHost: 'Ada <Lovelace>', startsAt: new Date('2026-12-10T17:00:00Z'), durationMinutes: 90, timeZone: 'Europe/Berlin',
  place: 'https://meet.example/abc', capacity: 10, reminderLeads: [1440, 15], status: 'scheduled', sequence: 0, uid: 'u@guild', createdBy: 'U0HOST', updatedAt: new Date(), ...over,
});
const counts = { going: ['U0A'], maybe: [], notGoing: 0, waitlisted: ['U0B'] };

describe('event messages', () => {
  it('shows times in the reader\'s zone with the event\'s own zone as the fallback', () => {
    expect(localStart(event())).toBe('Thu 10 Dec 2026, 18:00 (Europe/Berlin)');
    expect(readerTime(event())).toBe(`<!date^${Date.parse('2026-12-10T17:00:00Z') / 1000}^{date_short_pretty} at {time}|Thu 10 Dec 2026, 18:00 (Europe/Berlin)>`);
  });

  it('escapes everything people typed, and links a place only when it is a plain web address', () => {
    const json = JSON.stringify(announcementMessage(event(), counts, 'https://guild.example/e.ics').blocks);
    expect(json).toContain('CSS &lt;grid&gt; &amp; *you*');
    expect(json).toContain('Bring a &lt;laptop&gt;');
    expect(json).toContain('Ada &lt;Lovelace&gt; (guest)');
    expect(json).not.toContain('<laptop>');
    expect(placeText('https://meet.example/abc')).toBe('<https://meet.example/abc|meet.example>');
    expect(placeText('https://x.example/a|<!channel>')).toBe('https://x.example/a|&lt;!channel&gt;');
    expect(placeText('Room <4>')).toBe('Room &lt;4&gt;');
  });

  it('shows counts, places and the waitlist, and a cancelled event without buttons', () => {
    const json = JSON.stringify(announcementMessage(event(), counts, undefined).blocks);
    expect(json).toContain('Going (1 of 10 places)');
    expect(json).toContain('Waitlist (1, in order)');
    expect(json).toContain('event_rsvp_going');
    const cancelled = JSON.stringify(announcementMessage(event({ status: 'cancelled' }), counts, undefined).blocks);
    expect(cancelled).toContain('Cancelled.');
    expect(cancelled).not.toContain('event_rsvp_going');
  });

  it('asks again with the buttons only when the day moved', () => {
    const before = event();
    expect(JSON.stringify(changedMessage(event({ startsAt: new Date('2026-12-10T18:00:00Z') }), before, false).blocks)).not.toContain('event_rsvp');
    expect(JSON.stringify(changedMessage(event({ startsAt: new Date('2026-12-11T18:00:00Z') }), before, true).blocks)).toContain('event_rsvp_going');
  });

  it('tells the clicker their place on the waitlist', () => {
    expect(rsvpAnswerText({ kind: 'answered', status: 'waitlisted', position: 3, promoted: [] })).toContain('number 3 on the waitlist');
    expect(rsvpAnswerText({ kind: 'unchanged', status: 'not_going' })).toContain('already answered that (not going)');
  });
});

describe('/guild event', () => {
  it.each([
    ['', { kind: 'create' }],
    ['edit 12', { kind: 'edit', eventId: 12 }],
    ['cancel #3', { kind: 'cancel', eventId: 3 }],
    ['feedback 4', { kind: 'feedback', eventId: 4 }],
  ])('reads "%s"', (text, command) => {
    expect(parseEventCommand(text.split(' ').filter(Boolean))).toEqual({ ok: true, command });
  });

  it.each(['edit', 'edit twelve', 'cancel 0', 'frobnicate', 'new extra words'])('explains "%s"', (text) => {
    const parsed = parseEventCommand(text.split(' '));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.length).toBeGreaterThan(20);
  });
});
