/**
 * The event form's block ids (one input per block, each with the action id {@link EVENT_INPUT}).
 * The view writes with them, the rules read with them, and a listener answers a submission's
 * problems with `response_action: errors` keyed by them ({@link eventFormErrors}).
 */
export const EVENT_FIELDS = {
  kind: 'event_kind',
  title: 'event_title',
  description: 'event_description',
  level: 'event_level',
  topics: 'event_topics',
  hosts: 'event_hosts',
  guestHost: 'event_guest_host',
  startDate: 'event_start_date',
  startTime: 'event_start_time',
  duration: 'event_duration',
  timeZone: 'event_time_zone',
  place: 'event_place',
  capacity: 'event_capacity',
  recurrence: 'event_recurrence',
  everyWeeks: 'event_every_weeks',
  untilDate: 'event_until_date',
  count: 'event_count',
  reminders: 'event_reminders',
} as const;

export type EventField = keyof typeof EVENT_FIELDS;

/** The action id of every input in the event form. */
export const EVENT_INPUT = 'value';

/** How an event repeats, as the form's recurrence menu offers it. */
export const REPEAT_CHOICES = ['none', 'weekly', 'every_n_weeks', 'monthly_nth', 'monthly_last'] as const;
export type RepeatChoice = (typeof REPEAT_CHOICES)[number];

/** Field problems as Slack wants them beside the inputs: keyed by block id. */
export function eventFormErrors(errors: Partial<Record<EventField, string>>): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [EventField, string | undefined][]) {
    if (message !== undefined) byBlock[EVENT_FIELDS[field]] = message;
  }
  return byBlock;
}
