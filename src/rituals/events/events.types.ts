import type { EventKind, EventLevel, RsvpStatus } from '../../generated/prisma/enums';
import type { Recurrence } from '../../scheduler/recurrence.types';

export type { EventKind, EventLevel, RsvpStatus };

export const EVENT_KINDS = ['talk', 'workshop', 'book_club', 'feedback', 'hack', 'other'] as const satisfies readonly EventKind[];
export const EVENT_LEVELS = ['everyone', 'newcomers', 'experienced'] as const satisfies readonly EventLevel[];

/** Reminder lead times when the organiser gives none: a day, and a quarter of an hour, before. */
export const DEFAULT_REMINDER_LEADS = [1440, 15];
/** A recurrence with no end stops after this many occurrences (and the organiser is told). */
export const MAX_OCCURRENCES = 52;

/** How a recurring event ends: on a last local date, or after a number of occurrences. */
export type SeriesEnd = { untilDate: string } | { count: number };

/** A recurring event's rule and end, as the form gives it. */
export interface SeriesDraft {
  recurrence: Recurrence;
  end: SeriesEnd | null;
}

/** What an event is, whether planned in the form or stored. */
export interface EventFields {
  kind: EventKind;
  title: string;
  description: string;
  level: EventLevel;
  topics: string[];
  hosts: string[];
  guestHost: string | null;
  /** The first (or only) start. */
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  place: string;
  capacity: number | null;
  reminderLeads: number[];
}

/**
 * An event as an organiser (or a book club) describes it, checked: the start is a real instant
 * in the future, the zone exists, the duration is 1 minute to under 24 hours.
 */
export interface EventDraft extends EventFields {
  series: SeriesDraft | null;
}

/** An event as the rest of Guild sees it: a stored occurrence. */
export interface EventView extends EventFields {
  id: number;
  communityId: number;
  seriesId: number | null;
  originalStart: Date | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  uid: string;
  createdBy: string;
  updatedAt: Date;
}

/**
 * What other parts of Guild (book clubs) use to put events on the calendar: the same rules,
 * announcement, reminders and calendar entries as an event an organiser made with the form.
 * Each call runs in the caller's transaction when one is given.
 */
export interface EventsPort {
  /** Stores the event (or each occurrence of its series), announces it and arms its reminders. */
  schedule(input: { communityId: number; createdBy: string; draft: EventDraft }, db?: import('../../db/client').Prisma.TransactionClient): Promise<EventView[]>;
  /** Cancels one event: RSVPs are told, reminders disarmed, the announcement says so. */
  cancel(input: { eventId: number; by: string; reason?: string }, db?: import('../../db/client').Prisma.TransactionClient): Promise<void>;
  /** Changes who hosts an event (a book club's discussion leader), telling the RSVPs. */
  setHosts(input: { eventId: number; hosts: string[] }, db?: import('../../db/client').Prisma.TransactionClient): Promise<void>;
  /** Who answered going (and, after it, who gave feedback) per event. */
  attendance(eventIds: number[]): Promise<Map<number, { going: string[]; maybe: string[]; feedback: number }>>;
}
