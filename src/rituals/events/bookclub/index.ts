import { z } from 'zod';
import type { Core } from '../../../core';
import type { JobHandler } from '../../../scheduler/scheduler';
import { sealedMetadata } from '../../../slack/kit/metadata';
import type { SlackKit } from '../../../slack/kit/kit';
import type { HelpEntry, Ritual, RitualSubcommand } from '../../ritual';
import type { EventsPort } from '../events.types';
import { bookClubSubcommand } from './bookclub.command';
import { onBallotForm, onPlanForm, onSuggestForm, onSwapForm } from './bookclub.forms.listeners';
import { bookClubCommandHandlers } from './bookclub.handlers';
import { BOOK_BALLOT_CALLBACK, BOOK_CLOSE_ACTION, BOOK_JOIN_ACTION, BOOK_LEAVE_ACTION, BOOK_PLAN_ACTION, BOOK_PLAN_CALLBACK, BOOK_RANK_ACTION, BOOK_SUGGEST_CALLBACK, BOOK_SWAP_ACTION, BOOK_SWAP_CALLBACK } from './bookclub.ids';
import { leaderNoticeJob } from './bookclub.jobs';
import type { BookClubListenerDeps } from './bookclub.listener-deps';
import { onCloseClick, onJoinClick, onLeaveClick, onPlanClick, onRankClick, onSwapClick } from './bookclub.listeners';
import { bookClubService } from './bookclub.service';
import { BOOKCLUB_HELP_ENTRIES } from './bookclub.views';

export { bookClubService, type BookClubService } from './bookclub.service';

/** What the book clubs add to the events ritual. */
export interface BookClubParts {
  jobs: JobHandler[];
  guildCommands: RitualSubcommand[];
  register(kit: SlackKit): void;
  help: HelpEntry[];
}

/**
 * Book clubs, a part of the events ritual: suggestions, a ranked vote, pop-up clubs that start
 * once enough members join, reading plans whose sessions are events (through `events`, the only
 * way in to the events ritual), rotating discussion leaders, and an archive when a club closes.
 */
export function bookClubParts(core: Core, events: EventsPort): BookClubParts {
  const book = bookClubService(core, events);
  const id = z.number().int();
  const forms: BookClubListenerDeps['forms'] = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
    vote: sealedMetadata(z.object({ voteId: id }).strict(), core.secret),
    club: sealedMetadata(z.object({ clubId: id }).strict(), core.secret),
    session: sealedMetadata(z.object({ sessionId: id }).strict(), core.secret),
  };
  return {
    jobs: [leaderNoticeJob({ sessions: book.sessions })],
    guildCommands: [bookClubSubcommand(bookClubCommandHandlers({ book, forms }))],
    register: (kit) => registerBookClubListeners(kit, { book, kit, forms, now: core.now }),
    help: BOOKCLUB_HELP_ENTRIES,
  };
}

/** The events ritual with the book clubs' jobs, `/guild bookclub`, listeners and help added to its own. */
export function withBookClubs(parts: BookClubParts, ritual: Ritual): Ritual {
  return {
    ...ritual,
    help: { ...ritual.help, entries: [...ritual.help.entries, ...parts.help] },
    jobs: [...ritual.jobs, ...parts.jobs],
    guildCommands: [...(ritual.guildCommands ?? []), ...parts.guildCommands],
    register(kit) {
      ritual.register(kit);
      parts.register(kit);
    },
  };
}

function registerBookClubListeners(kit: SlackKit, deps: BookClubListenerDeps): void {
  kit.action(BOOK_RANK_ACTION, onRankClick(deps));
  kit.action(BOOK_JOIN_ACTION, onJoinClick(deps));
  kit.action(BOOK_LEAVE_ACTION, onLeaveClick(deps));
  kit.action(BOOK_PLAN_ACTION, onPlanClick(deps));
  kit.action(BOOK_CLOSE_ACTION, onCloseClick(deps));
  kit.action(BOOK_SWAP_ACTION, onSwapClick(deps));
  kit.view(BOOK_SUGGEST_CALLBACK, onSuggestForm(deps));
  kit.view(BOOK_BALLOT_CALLBACK, onBallotForm(deps));
  kit.view(BOOK_PLAN_CALLBACK, onPlanForm(deps));
  kit.view(BOOK_SWAP_CALLBACK, onSwapForm(deps));
}
