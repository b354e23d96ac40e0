import { eventFormView } from '../../../../src/rituals/events/events.form';
import { EVENT_FIELDS, EVENT_INPUT, eventFormErrors, type EventField } from '../../../../src/rituals/events/events.form-ids';
import { formatLeads, parseEventForm, parseLeads, parseMinutes, type EventFormContext } from '../../../../src/rituals/events/events.rules';
import { buildViewState, type GivenValue } from '../../../../src/sandbox/view-state.builder';

const NOW = new Date('2026-03-01T12:00:00Z');
const TOPICS = ['accessibility', 'design systems'];
const context = (overrides: Partial<EventFormContext> = {}): EventFormContext => ({ now: NOW, communityTimeZone: 'Europe/Berlin', topics: TOPICS, mode: 'create', ...overrides });
const GOOD: Partial<Record<EventField, GivenValue>> = { kind: 'talk', title: 'Intro to accessibility testing', startDate: '2026-03-17', startTime: '18:00' };

/** The form as a person fills it in Slack: the real modal, the state Slack would send for it. */
function submit(answers: Partial<Record<EventField, GivenValue>>, overrides: Partial<EventFormContext> = {}) {
  const ctx = context(overrides);
  const view = eventFormView({ callbackId: 'event_form', privateMetadata: '{}', timeZone: ctx.communityTimeZone, topics: TOPICS, mode: ctx.mode });
  const given = Object.fromEntries(Object.entries({ ...GOOD, ...answers }).map(([field, value]) => [EVENT_FIELDS[field as EventField], { [EVENT_INPUT]: value as GivenValue }]));
  return parseEventForm(buildViewState(view.blocks, given), ctx);
}
function errorsOf(answers: Partial<Record<EventField, GivenValue>>, overrides: Partial<EventFormContext> = {}) {
  const result = submit(answers, overrides);
  if (result.ok) throw new Error(`expected errors, got a draft: ${JSON.stringify(result.draft)}`);
  return result.errors;
}
function draftOf(answers: Partial<Record<EventField, GivenValue>>, overrides: Partial<EventFormContext> = {}) {
  const result = submit(answers, overrides);
  if (!result.ok) throw new Error(`expected a draft, got errors: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('a one-off event from the form', () => {
  it('reads the defaults: the community zone, an hour, reminders a day and 15 minutes before, no limit, no repeat', () => {
    const { draft, notes } = draftOf({});
    expect(draft).toEqual({
      kind: 'talk',
      title: 'Intro to accessibility testing',
      description: '',
      level: 'everyone',
      topics: [],
      hosts: [],
      guestHost: null,
      startsAt: new Date('2026-03-17T17:00:00Z'),
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      place: '',
      capacity: null,
      reminderLeads: [1440, 15],
      series: null,
    });
    expect(notes).toEqual([]);
  });

  it('reads every field, trimmed, the zone in its canonical spelling and the start in that zone', () => {
    const { draft } = draftOf({
      kind: 'workshop',
      title: '  Screen readers, hands on  ',
      description: 'Bring <a laptop> & headphones',
      level: 'newcomers',
      topics: ['accessibility'],
      hosts: ['U0ADA', 'U0ALAN'],
      guestHost: 'Grace Hopper',
      duration: '1h 30m',
      timeZone: 'america/new_york',
      place: 'https://meet.example.org/a11y',
      capacity: '20',
      reminders: '2d, 1h',
    });
    expect(draft).toMatchObject({
      kind: 'workshop',
      title: 'Screen readers, hands on',
      description: 'Bring <a laptop> & headphones',
      level: 'newcomers',
      topics: ['accessibility'],
      hosts: ['U0ADA', 'U0ALAN'],
      guestHost: 'Grace Hopper',
      durationMinutes: 90,
      timeZone: 'America/New_York',
      // 18:00 EDT (New York changed on 8 March).
      startsAt: new Date('2026-03-17T22:00:00Z'),
      place: 'https://meet.example.org/a11y',
      capacity: 20,
      reminderLeads: [2880, 60],
    });
  });
});

describe('bad input, each beside its field and saying how to fix it', () => {
  it('refuses a start in the past: beside the date, or beside the time when the date is today', () => {
    expect(errorsOf({ startDate: '2026-02-27' })).toEqual({ startDate: '18:00 on 27 Feb 2026 (Europe/Berlin) has already passed: pick a start from now on.' });
    // Noon UTC is 13:00 in Berlin: 12:30 today has passed.
    expect(errorsOf({ startDate: '2026-03-01', startTime: '12:30' })).toEqual({ startTime: '12:30 on 1 Mar 2026 (Europe/Berlin) has already passed: pick a start from now on.' });
    expect(draftOf({ startDate: '2026-03-01', startTime: '13:01' }).draft.startsAt).toEqual(new Date('2026-03-01T12:01:00Z'));
    // "Today" is the zone's: in Auckland (UTC+13) it is already 2 March, 01:00.
    expect(errorsOf({ timeZone: 'Pacific/Auckland', startDate: '2026-03-02', startTime: '00:30' })).toEqual({ startTime: '00:30 on 2 Mar 2026 (Pacific/Auckland) has already passed: pick a start from now on.' });
    expect(draftOf({ timeZone: 'America/Los_Angeles', startDate: '2026-03-01', startTime: '05:00' }).draft.startsAt).toEqual(new Date('2026-03-01T13:00:00Z'));
  });

  it('refuses a duration of zero or of 24 hours and more, and one it cannot read', () => {
    expect(errorsOf({ duration: '0' }).duration).toBe('An event lasts at least 1 minute: give its length, e.g. 60 or 1h 30m.');
    expect(errorsOf({ duration: '24h' }).duration).toBe('An event lasts less than 24 hours (at most 23h 59m); this is 24h. For longer, make one event per day.');
    expect(errorsOf({ duration: '1440' }).duration).toContain('less than 24 hours');
    expect(errorsOf({ duration: '2 days' }).duration).toContain('this is 2d');
    expect(errorsOf({ duration: 'an hour' }).duration).toBe('"an hour" is not a duration: write minutes, or hours and minutes, e.g. 60 or 1h 30m.');
    expect(errorsOf({ duration: null }).duration).toBe('Say how long it lasts: minutes, or hours and minutes, e.g. 60 or 1h 30m.');
    expect(draftOf({ duration: '1439' }).draft.durationMinutes).toBe(1439);
    expect(draftOf({ duration: '23h 59m' }).draft.durationMinutes).toBe(1439);
  });

  it('refuses a time zone it does not know, and takes the community\'s when the field is cleared', () => {
    expect(errorsOf({ timeZone: 'Mars/Olympus' })).toEqual({ timeZone: '"Mars/Olympus" is not a time zone Guild knows: use an IANA name such as Europe/Berlin, America/New_York or UTC.' });
    expect(errorsOf({ timeZone: 'CEST+2' }).timeZone).toContain('is not a time zone Guild knows');
    expect(draftOf({ timeZone: null }).draft.timeZone).toBe('Europe/Berlin');
    expect(draftOf({ timeZone: 'UTC' }).draft.startsAt).toEqual(new Date('2026-03-17T18:00:00Z'));
  });

  it('refuses a capacity of 0, a negative one and one that is not a number', () => {
    expect(errorsOf({ capacity: '0' }).capacity).toBe('A capacity of 0 lets nobody in: give 1 or more places, or leave it empty for no limit.');
    expect(errorsOf({ capacity: '-3' }).capacity).toBe('A capacity counts places, so it cannot be -3: give 1 or more, or leave it empty for no limit.');
    expect(errorsOf({ capacity: 'twenty' }).capacity).toContain('is not a number of places');
    expect(draftOf({ capacity: '1' }).draft.capacity).toBe(1);
  });

  it('refuses a title over 150 characters as Slack counts them (an emoji is one), and a missing one', () => {
    expect(draftOf({ title: '🎉'.repeat(150) }).draft.title).toHaveLength(300);
    expect(errorsOf({ title: '🎉'.repeat(151) }).title).toBe('A title can be at most 150 characters; this one has 151. Shorten it.');
    expect(errorsOf({ title: '   ' }).title).toBe('Give the event a title, e.g. "Intro to accessibility testing".');
    expect(errorsOf({ description: 'x'.repeat(2001) }).description).toBe('A description can be at most 2,000 characters; this one has 2,001. Shorten it.');
  });

  it('refuses a bad list of reminder lead times', () => {
    expect(errorsOf({ reminders: '1d, soon' }).reminders).toBe('"soon" is not a lead time: write each as a number with d, h or m, separated by commas, e.g. "1d, 2h, 15m".');
    expect(errorsOf({ reminders: '15d' }).reminders).toBe('"15d" is outside 1 minute to 14 days: a reminder goes out 1m to 14d before the start, e.g. "1d, 2h, 15m".');
    expect(errorsOf({ reminders: '0m' }).reminders).toContain('is outside 1 minute to 14 days');
    expect(errorsOf({ reminders: '1d, 12h, 2h, 1h, 15m' }).reminders).toBe('At most 4 reminders per event; this list has 5. Remove 1.');
    expect(draftOf({ reminders: '15m, 1d, 2h, 24h' }).draft.reminderLeads).toEqual([1440, 120, 15]);
    expect(draftOf({ reminders: '14d' }).draft.reminderLeads).toEqual([20160]);
  });

  it('says when there are no reminders, or when one would be due before the event was even created', () => {
    expect(draftOf({ reminders: null }).notes).toEqual(['With no reminder lead times, Guild sends no reminders for this event.']);
    // 15:00 Berlin today is two hours away.
    expect(draftOf({ startDate: '2026-03-01', startTime: '15:00', reminders: '1d, 3h, 15m' }).notes).toEqual(['The event starts in less than 3h, so the 24h, 3h reminders are not sent for it.']);
  });

  it('refuses a kind, hosts or topics a person could not have picked (an old form), and more than 10 hosts', () => {
    expect(errorsOf({ kind: null }).kind).toBe('Choose what kind of event this is: a talk, a workshop, a book-club, feedback or hack session, or other.');
    expect(errorsOf({ hosts: Array.from({ length: 11 }, (_, i) => `U0${i}`) }).hosts).toBe('At most 10 hosts: name the rest in the description.');
    expect(errorsOf({ topics: ['design systems'] }, { topics: ['accessibility'] }).topics).toBe('"design systems" is no longer one of the community\'s topics: pick from the list again.');
  });

  it('gives every problem at once, each under its own block id in the modal', () => {
    const errors = errorsOf({ title: null, duration: '0', timeZone: 'Nowhere/Land', capacity: '0', reminders: 'later' });
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'duration', 'reminders', 'timeZone', 'title']);
    const view = eventFormView({ callbackId: 'c', privateMetadata: '', timeZone: 'Europe/Berlin', topics: TOPICS, mode: 'create' });
    const blockIds = new Set(view.blocks.map((b) => b.block_id));
    const byBlock = eventFormErrors(errors);
    expect(Object.keys(byBlock).every((id) => blockIds.has(id))).toBe(true);
    expect(byBlock[EVENT_FIELDS.capacity]).toBe(errors.capacity);
  });
});

describe('a local time that does not exist on a daylight-saving day', () => {
  it('is accepted, moved forward, and the organiser told what it becomes', () => {
    const { draft, notes } = draftOf({ startDate: '2026-03-29', startTime: '02:30' });
    expect(draft.startsAt).toEqual(new Date('2026-03-29T01:30:00Z'));
    expect(notes).toEqual(['02:30 on 29 Mar 2026 does not exist in Europe/Berlin (the clocks go forward); the event starts at 03:30.']);
  });

  it('is said once for a series whose first event falls in the gap', () => {
    const { notes } = draftOf({ startDate: '2026-03-29', startTime: '02:30', recurrence: 'weekly', count: '2' });
    expect(notes).toEqual(['02:30 on 29 Mar 2026 does not exist in Europe/Berlin (the clocks go forward); the event starts at 03:30.']);
  });
});

describe('a repeating event', () => {
  it('repeats weekly on the first date\'s weekday at its local time, in its zone', () => {
    const { draft, notes } = draftOf({ recurrence: 'weekly', count: '10' });
    expect(draft.series).toEqual({ recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin' }, end: { count: 10 } });
    expect(notes).toEqual([]);
  });

  it('repeats every N weeks from the first date, and asks for N when it is missing', () => {
    expect(draftOf({ recurrence: 'every_n_weeks', everyWeeks: '2', untilDate: '2026-06-30' }).draft.series).toEqual({
      recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin', interval: 2, anchor: '2026-03-17' },
      end: { untilDate: '2026-06-30' },
    });
    expect(errorsOf({ recurrence: 'every_n_weeks' })).toEqual({ everyWeeks: 'Say every how many weeks it repeats: 2 to 52.' });
    expect(errorsOf({ recurrence: 'every_n_weeks', everyWeeks: '53' }).everyWeeks).toBe('Every how many weeks is a whole number from 1 to 52; "53" is not.');
  });

  it('repeats monthly on the nth weekday of the first date, or the last one', () => {
    // 17 March 2026 is the third Tuesday; 31 March the last.
    expect(draftOf({ recurrence: 'monthly_nth' }).draft.series?.recurrence).toEqual({ kind: 'monthly-nth-weekday', nth: 3, weekday: 'tu', time: '18:00', timeZone: 'Europe/Berlin' });
    expect(draftOf({ recurrence: 'monthly_last', startDate: '2026-03-31' }).draft.series?.recurrence).toEqual({ kind: 'monthly-nth-weekday', nth: -1, weekday: 'tu', time: '18:00', timeZone: 'Europe/Berlin' });
    expect(errorsOf({ recurrence: 'monthly_last' })).toEqual({ recurrence: '17 Mar 2026 is not the last Tuesday of its month (31 Mar 2026 is): start on the last one, or repeat on "the same weekday of the month".' });
    // Dates are named as the organiser picked them, west of UTC too.
    expect(errorsOf({ recurrence: 'monthly_last', timeZone: 'America/Los_Angeles' }).recurrence).toContain('17 Mar 2026 is not the last Tuesday of its month (31 Mar 2026 is)');
    expect(draftOf({ recurrence: 'monthly_last', startDate: '2026-03-31', timeZone: 'Pacific/Honolulu' }).draft.series?.recurrence).toMatchObject({ nth: -1, weekday: 'tu' });
    expect(errorsOf({ recurrence: 'monthly_nth', startDate: '2026-03-31' })).toEqual({ recurrence: '31 Mar 2026 is the fifth Tuesday of its month, which most months lack: repeat on "the last Tuesday" instead.' });
  });

  it('with no end is allowed, capped at 52 and said; so is an end beyond 52', () => {
    const { draft, notes } = draftOf({ recurrence: 'weekly' });
    expect(draft.series?.end).toBeNull();
    expect(notes).toEqual(['No end was given, so the series stops after 52 events (the last on 9 Mar 2027). Give an end date or a number of times to end it sooner.']);
    expect(draftOf({ recurrence: 'weekly', count: '100' }).notes).toEqual(['A series has at most 52 events, so this one stops after 52 (the last on 9 Mar 2027) instead of running 100 times.']);
  });

  it('refuses two ends, an end before the start, a count of 0, and an end on an event that does not repeat', () => {
    expect(errorsOf({ recurrence: 'weekly', untilDate: '2026-04-30', count: '3' })).toEqual({ count: 'Give either a last date or a number of times, not both: clear one of them.' });
    expect(errorsOf({ recurrence: 'weekly', untilDate: '2026-03-16' })).toEqual({ untilDate: 'The last date is before the first event (17 Mar 2026): pick a later one, or clear it.' });
    expect(errorsOf({ recurrence: 'weekly', count: '0' }).count).toBe('The number of times is a whole number from 1 to 9999; "0" is not.');
    expect(errorsOf({ untilDate: '2026-04-30' })).toEqual({ untilDate: 'A last date is for a repeating event: choose how it repeats, or clear the date.' });
    expect(errorsOf({ count: '3' })).toEqual({ count: 'A number of times is for a repeating event: choose how it repeats, or clear it.' });
    // The until date itself may be the first date: a series of one.
    expect(draftOf({ recurrence: 'weekly', untilDate: '2026-03-17' }).draft.series?.end).toEqual({ untilDate: '2026-03-17' });
  });
});

describe('an edit', () => {
  it('changes one event: the form has no repeat fields and the draft no series', () => {
    const result = draftOf({}, { mode: 'edit' });
    expect(result.draft.series).toBeNull();
    expect(result.draft.startsAt).toEqual(new Date('2026-03-17T17:00:00Z'));
  });

  it('ignores repeat fields even if a forged submission carries them', () => {
    const view = eventFormView({ callbackId: 'c', privateMetadata: '', timeZone: 'Europe/Berlin', topics: TOPICS, mode: 'edit' });
    const given = Object.fromEntries(Object.entries(GOOD).map(([field, value]) => [EVENT_FIELDS[field as EventField], { [EVENT_INPUT]: value as GivenValue }]));
    const state = { ...buildViewState(view.blocks, given), [EVENT_FIELDS.recurrence]: { [EVENT_INPUT]: { type: 'static_select', selected_option: { value: 'weekly' } } } };
    const result = parseEventForm(state, context({ mode: 'edit' }));
    expect(result.ok && result.draft.series).toBeNull();
  });
});

describe('durations and lead times in words', () => {
  it('reads minutes, hours and days, and writes them back the way the form shows them', () => {
    expect(['90', '1h30m', '1 h 30 min', '2 hours', '1d', '1 day 2h'].map(parseMinutes)).toEqual([90, 90, 90, 120, 1440, 1560]);
    expect(['', 'h', '1x', '1h 30', '-5', '1.5h'].map(parseMinutes)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(formatLeads([1440, 15])).toBe('24h, 15m');
    expect(formatLeads([2880, 90, 60])).toBe('2d, 1h 30m, 1h');
    expect(parseLeads(formatLeads([20160, 1440, 90, 1]))).toEqual({ ok: true, value: [20160, 1440, 90, 1] });
  });
});
