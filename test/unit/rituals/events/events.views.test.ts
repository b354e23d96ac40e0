import type { KnownBlock, SectionBlock } from '@slack/types';
import { EVENT_HOME_RSVP_ACTION, rsvpValue } from '../../../../src/rituals/events/events.ids';
import type { UpcomingEvent } from '../../../../src/rituals/events/events.service';
import type { EventView } from '../../../../src/rituals/events/events.types';
import { homeBlocks } from '../../../../src/rituals/events/events.views';

const event = (id: number, over: Partial<EventView> = {}): EventView => ({
  id, communityId: 1, seriesId: null, originalStart: null, kind: 'talk', title: 'CSS <grid> & *you*', description: '', level: 'everyone',
  topics: [], hosts: ['U0HOST'], guestHost: null, startsAt: new Date('2026-12-10T17:00:00Z'), durationMinutes: 60, timeZone: 'Europe/Berlin',
  place: '', capacity: null, reminderLeads: [1440, 15], status: 'scheduled', sequence: 0, uid: `${id}@guild`, createdBy: 'U0HOST', updatedAt: new Date(), ...over,
});

const menuAnswers = (block: KnownBlock) => {
  const accessory = (block as SectionBlock).accessory as { action_id: string; options: { value: string }[] } | undefined;
  if (!accessory) return undefined;
  expect(accessory.action_id).toBe(EVENT_HOME_RSVP_ACTION);
  return accessory.options.map((o) => rsvpValue.decode(o.value)?.answer);
};

/** The App Home's events section: every next event of the person's communities, their answer shown, a menu of the other answers. */
describe('events homeBlocks', () => {
  it('shows nothing without events', () => {
    expect(homeBlocks([])).toEqual([]);
  });

  it("offers every answer for an event not answered yet, the other answers for one answered, and none to its host", () => {
    const next: UpcomingEvent[] = [
      { event: event(1), mine: undefined, going: 0 },
      { event: event(2, { capacity: 8 }), mine: 'not_going', going: 3 },
      { event: event(3), mine: 'waitlisted', going: 8 },
      { event: event(4), mine: 'host', going: 2 },
    ];
    const [header, ...rows] = homeBlocks(next);
    expect(header).toEqual({ type: 'header', block_id: 'events_home.header', text: { type: 'plain_text', text: 'Next events in your communities' } });
    expect(rows.map((b) => b.block_id)).toEqual(['events_home.1', 'events_home.2', 'events_home.3', 'events_home.4']);
    expect(rows.map(menuAnswers)).toEqual([['going', 'maybe', 'not_going'], ['going', 'maybe'], ['going', 'maybe', 'not_going'], undefined]);
    const texts = rows.map((b) => (b as SectionBlock).text!.text);
    expect(texts[0]).toContain('0 going');
    expect(texts[0]).not.toContain('you:');
    expect(texts[1]).toContain('3/8 going · *you: not going*');
    expect(texts[2]).toContain('*you: :hourglass: waitlisted*');
    expect(texts[3]).toContain('*you: :microphone: hosting*');
    // The menu's values name their own event.
    expect(rows.slice(0, 3).map((b) => rsvpValue.decode(((b as SectionBlock).accessory as { options: { value: string }[] }).options[0]!.value)?.eventId)).toEqual([1, 2, 3]);
    for (const text of texts) expect(text).toContain('CSS &lt;grid&gt; &amp; *you*');
  });
});
