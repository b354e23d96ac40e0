import { EVENT_FIELDS, EVENT_INPUT, type EventField } from '../../src/rituals/events/events.form-ids';
import type { ManualClock } from '../../src/scheduler/clock';
import type { GivenValue } from '../../src/sandbox/view-state.builder';

/** The event form's answers as the driver submits them: by block id, under the form's one action id. */
export function eventFormValues(answers: Partial<Record<EventField, GivenValue>>): Record<string, Record<string, GivenValue>> {
  return Object.fromEntries(Object.entries(answers).map(([field, value]) => [EVENT_FIELDS[field as EventField], { [EVENT_INPUT]: value as GivenValue }]));
}

/** Moves the clock and gives the scheduler's heartbeat (every second) and the delivery jobs time to see it. */
export async function moveClock(clock: ManualClock, iso: string, settleMs = 2500): Promise<void> {
  clock.set(iso);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}
