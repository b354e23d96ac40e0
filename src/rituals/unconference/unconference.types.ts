import type { Room, StoredAgenda } from './unconference.stored';

export const LEVELS = ['everyone', 'newcomers', 'experienced'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_NAMES: Record<Level, string> = { everyone: 'Everyone', newcomers: 'Newcomers', experienced: 'Experienced members' };

export type Phase = 'proposing' | 'voting' | 'scheduling' | 'published';

/** What the plan form gives: everything an unconference is made of before anyone proposes. */
export interface PlanDraft {
  title: string;
  timeZone: string;
  slotStarts: Date[];
  sessionMinutes: number;
  rooms: Room[];
  dotsPerPerson: number;
  proposalsCloseAt: Date | null;
  votingClosesAt: Date | null;
}

export interface UnconferenceView extends PlanDraft {
  id: number;
  communityId: number;
  phase: Phase;
  createdBy: string;
  draft: StoredAgenda | undefined;
  agenda: StoredAgenda | undefined;
}

export interface ProposalView {
  id: number;
  title: string;
  description: string;
  level: Level;
  hostId: string;
  /** Dots on it so far. */
  dots: number;
}

export interface ProposalDraft {
  title: string;
  description: string;
  level: Level;
}
