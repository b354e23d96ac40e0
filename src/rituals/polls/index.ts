import { z } from 'zod';
import type { Core } from '../../core';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { POLLS_HELP_ENTRIES, pollsSubcommand } from './polls.command';
import { POLL_ADD_OPTION_ACTION, POLL_CLOSE_ACTION, POLL_CREATE_CALLBACK, POLL_DOTS_ACTION, POLL_OPTION_CALLBACK, POLL_VOTE_ACTION } from './polls.ids';
import { closeJob, remindJob, scheduledPollJob } from './polls.jobs';
import { onAddOptionClick, onCloseClick, onDotsMenu, onOptionForm, onPollForm, onVoteClick, pollsCommandHandlers, type PollsListenerDeps } from './polls.listeners';
import { PollsService } from './polls.service';

export { PollsService } from './polls.service';

/**
 * Polls: `/guild poll` (a form, the quick syntax, or the community's topics), one message per
 * poll edited in place as votes come in, closed by time or by hand with a results message and a
 * breakdown by experience level, a reminder to members who have not voted, scheduled and
 * recurring polls. Other rituals reach it through PollsPort (the service).
 */
export function pollsRitual(core: Core): Ritual & { polls: PollsService } {
  const polls = pollsService(core);
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
    poll: sealedMetadata(z.object({ pollId: z.number().int() }).strict(), core.secret),
  };
  return {
    name: 'polls',
    polls,
    help: { topic: 'polls', title: 'Polls', entries: POLLS_HELP_ENTRIES },
    jobs: [closeJob({ polls }), remindJob({ polls }), scheduledPollJob({ polls })],
    guildCommands: [pollsSubcommand(pollsCommandHandlers({ polls, community: core.community, forms }))],
    register: (kit) => registerPollListeners(kit, { polls, community: core.community, kit, forms }),
    // A poll message's refresh may be waiting its second: it renders before the database closes.
    stop: () => polls.refresher.idle(),
  };
}

/** The polls service over the core: the ritual's, and the port outside ideas propose options through. */
export function pollsService(core: Core): PollsService {
  return new PollsService({ prisma: core.prisma, messages: core.messages, jobs: core.jobs, schedules: core.schedules, community: core.community, secret: core.secret, logger: core.logger, now: core.now });
}

function registerPollListeners(kit: SlackKit, deps: PollsListenerDeps): void {
  kit.action(POLL_VOTE_ACTION, onVoteClick(deps));
  kit.action(POLL_DOTS_ACTION, onDotsMenu(deps));
  kit.action(POLL_CLOSE_ACTION, onCloseClick(deps));
  kit.action(POLL_ADD_OPTION_ACTION, onAddOptionClick(deps));
  kit.view(POLL_CREATE_CALLBACK, onPollForm(deps));
  kit.view(POLL_OPTION_CALLBACK, onOptionForm(deps));
}
