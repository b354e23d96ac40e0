import type { AnyBlock } from '@slack/types';
import { eventFormView, type EventFormInput } from '../../../../src/rituals/events/events.form';
import { EVENT_FIELDS, EVENT_INPUT } from '../../../../src/rituals/events/events.form-ids';
import { parseEventForm } from '../../../../src/rituals/events/events.rules';
import type { EventView } from '../../../../src/rituals/events/events.types';
import { checkView } from '../../../../src/sandbox/stored-view';
import { buildViewState, ImpossibleInteractionError } from '../../../../src/sandbox/view-state.builder';

const TOPICS = ['accessibility', 'design systems', 'testing'];

const event = (overrides: Partial<EventView> = {}): EventView => ({
  id: 7,
  communityId: 1,
  seriesId: null,
  originalStart: null,
  kind: 'workshop',
  title: 'Screen readers, hands on',
  description: 'Bring a laptop & headphones',
  level: 'newcomers',
  topics: ['accessibility', 'testing'],
  hosts: ['U0ADA', 'U0ALAN'],
  guestHost: 'Grace Hopper',
  // 18:30 in New York (EDT).
  startsAt: new Date('2026-06-09T22:30:00Z'),
  durationMinutes: 90,
  timeZone: 'America/New_York',
  place: 'Room 4',
  capacity: 12,
  reminderLeads: [2880, 60],
  status: 'scheduled',
  sequence: 0,
  uid: 'event-7@guild',
  createdBy: 'U0ADA',
  updatedAt: new Date('2026-05-01T00:00:00Z'),
  ...overrides,
});

const form = (overrides: Partial<EventFormInput> = {}) =>
  eventFormView({ callbackId: 'event_form', privateMetadata: '{"c":1}', timeZone: 'Europe/Berlin', topics: TOPICS, mode: 'create', ...overrides });
const block = (blocks: AnyBlock[], id: string) => blocks.find((b) => b.block_id === id) as { element: Record<string, unknown>; optional?: boolean } | undefined;
/** The view as the local Slack checks views.open: throws Slack's invalid_arguments when it is not valid. */
const valid = (view: ReturnType<typeof form>) => checkView(view as unknown as Record<string, unknown>, 'modal');

describe('the event form', () => {
  it('is a modal Slack accepts, with the community zone and the default reminders filled in', () => {
    const view = form();
    expect(() => valid(view)).not.toThrow();
    expect(view).toMatchObject({ type: 'modal', callback_id: 'event_form', private_metadata: '{"c":1}', title: { text: 'New event' }, submit: { text: 'Create' } });
    expect(block(view.blocks, EVENT_FIELDS.timeZone)?.element).toMatchObject({ type: 'plain_text_input', initial_value: 'Europe/Berlin' });
    expect(block(view.blocks, EVENT_FIELDS.reminders)?.element).toMatchObject({ initial_value: '24h, 15m' });
    expect(block(view.blocks, EVENT_FIELDS.duration)?.element).toMatchObject({ initial_value: '60' });
    expect(block(view.blocks, EVENT_FIELDS.recurrence)?.element).toMatchObject({ type: 'static_select', initial_option: { value: 'none' } });
    expect(block(view.blocks, EVENT_FIELDS.hosts)?.element).toMatchObject({ type: 'multi_users_select', max_selected_items: 10 });
  });

  it('has every field of the form, each block id from EVENT_FIELDS, and the repeat fields only when creating', () => {
    const ids = (mode: 'create' | 'edit') => form({ mode }).blocks.flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(ids('create').sort()).toEqual(Object.values(EVENT_FIELDS).sort());
    const repeat = [EVENT_FIELDS.recurrence, EVENT_FIELDS.everyWeeks, EVENT_FIELDS.untilDate, EVENT_FIELDS.count];
    expect(ids('edit').sort()).toEqual(Object.values(EVENT_FIELDS).filter((id) => !repeat.includes(id as (typeof repeat)[number])).sort());
    for (const b of form().blocks) if (b.type === 'input') expect((b as { element: { action_id: string } }).element.action_id).toBe(EVENT_INPUT);
  });

  it('leaves out the topics menu when the community has none (a menu needs an option) and offers at most 100', () => {
    const none = form({ topics: [] });
    expect(() => valid(none)).not.toThrow();
    expect(block(none.blocks, EVENT_FIELDS.topics)).toBeUndefined();
    const many = form({ topics: Array.from({ length: 130 }, (_, i) => `topic ${i} ${'x'.repeat(90)}`) });
    expect(() => valid(many)).not.toThrow();
    expect((block(many.blocks, EVENT_FIELDS.topics)?.element.options as unknown[]).length).toBe(100);
  });

  it('is pre-filled from the event when editing: date and time in the event\'s own zone, its reminders in words', () => {
    const view = form({ mode: 'edit', initial: event(), timeZone: 'Europe/Berlin' });
    expect(() => valid(view)).not.toThrow();
    expect(view).toMatchObject({ title: { text: 'Edit event' }, submit: { text: 'Save' } });
    expect(block(view.blocks, EVENT_FIELDS.startDate)?.element).toMatchObject({ initial_date: '2026-06-09' });
    expect(block(view.blocks, EVENT_FIELDS.startTime)?.element).toMatchObject({ initial_time: '18:30' });
    expect(block(view.blocks, EVENT_FIELDS.timeZone)?.element).toMatchObject({ initial_value: 'America/New_York' });
    expect(block(view.blocks, EVENT_FIELDS.reminders)?.element).toMatchObject({ initial_value: '2d, 1h' });
    expect(block(view.blocks, EVENT_FIELDS.hosts)?.element).toMatchObject({ initial_users: ['U0ADA', 'U0ALAN'] });
    expect(block(view.blocks, EVENT_FIELDS.kind)?.element).toMatchObject({ initial_option: { value: 'workshop' } });
  });

  it('gives back the same event when an edit is saved unchanged', () => {
    const initial = event();
    const view = form({ mode: 'edit', initial });
    const result = parseEventForm(buildViewState(view.blocks, {}, true), { now: new Date('2026-06-01T00:00:00Z'), communityTimeZone: 'Europe/Berlin', topics: TOPICS, mode: 'edit' });
    expect(result).toEqual({
      ok: true,
      notes: [],
      draft: {
        kind: initial.kind, title: initial.title, description: initial.description, level: initial.level, topics: initial.topics, hosts: initial.hosts,
        guestHost: initial.guestHost, startsAt: initial.startsAt, durationMinutes: initial.durationMinutes, timeZone: initial.timeZone, place: initial.place,
        capacity: initial.capacity, reminderLeads: initial.reminderLeads, series: null,
      },
    });
  });

  it('cannot be sent without a kind, a title, a date and a time (Slack requires them)', () => {
    for (const field of ['kind', 'title', 'startDate', 'startTime'] as const) {
      const given = { [EVENT_FIELDS.kind]: { [EVENT_INPUT]: 'talk' }, [EVENT_FIELDS.title]: { [EVENT_INPUT]: 'T' }, [EVENT_FIELDS.startDate]: { [EVENT_INPUT]: '2026-06-09' }, [EVENT_FIELDS.startTime]: { [EVENT_INPUT]: '18:00' } };
      given[EVENT_FIELDS[field]] = { [EVENT_INPUT]: null as unknown as string };
      expect(() => buildViewState(form().blocks, given, true)).toThrow(ImpossibleInteractionError);
    }
  });

  it('stays valid for Slack with the longest values the rules allow, emoji included, and keeps them whole', () => {
    const title = '🎉'.repeat(150);
    const view = form({ mode: 'edit', initial: event({ title, description: '<b>'.repeat(666), guestHost: 'g'.repeat(100), place: 'p'.repeat(500), capacity: 10_000, hosts: Array.from({ length: 10 }, (_, i) => `U0${i}`) }) });
    expect(() => valid(view)).not.toThrow();
    expect(block(view.blocks, EVENT_FIELDS.title)?.element).toMatchObject({ initial_value: title });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
