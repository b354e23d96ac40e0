import type { PollKind } from './polls.rules';
import type { VoteCell } from './polls.results';

export interface PollOptionView {
  id: number;
  text: string;
  position: number;
}

/** A stored poll as the ritual reads it. */
export interface PollView {
  id: number;
  communityId: number;
  channelId: string;
  question: string;
  kind: PollKind;
  maxChoices: number;
  anonymous: boolean;
  hideResults: boolean;
  membersAddOptions: boolean;
  topicId: number | null;
  status: 'open' | 'closed';
  closesAt: Date | null;
  remindLeadMinutes: number | null;
  timeZone: string;
  createdBy: string;
  closedAt: Date | null;
  closedBy: string | null;
  options: PollOptionView[];
}

/** The votes of a poll, aggregated: what its message and results are drawn from. */
export interface PollCounts {
  voters: number;
  cells: VoteCell[];
  votersByLevel: Map<number | null, number>;
  /** Named polls: the first few who voted for each option (user ids, in voting order). */
  namesByOption: Map<number, string[]>;
}

/** A poll with its counts and the name of the topic its levels come from. */
export interface PollState {
  poll: PollView;
  counts: PollCounts;
  topicName?: string;
}
