import { z } from 'zod';
import type { Core } from '../../core';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { Ritual } from '../ritual';
import { IDEAS_HELP_ENTRIES, ideasSubcommands } from './ideas.command';
import { DEFAULT_FETCH_OPTIONS, type FeedFetchOptions } from './ideas.fetch';
import { IdeasFeeds } from './ideas.feeds';
import { ideasCommandHandlers } from './ideas.handlers';
import { IDEAS_PROPOSE_ACTION, IDEAS_PROPOSE_CALLBACK } from './ideas.ids';
import { digestJob, readJob } from './ideas.jobs';
import { onProposeClick, onProposeForm } from './ideas.listeners';
import { IdeasProposals, type IdeasPorts } from './ideas.proposals';

export type { IdeasPorts } from './ideas.proposals';

export interface IdeasOptions {
  /** How feeds are read (GUILD_FEEDS_ALLOW_PRIVATE; tests shorten the limits). */
  fetch?: Partial<FeedFetchOptions>;
}

/** Feed removal for another ritual (the health ritual's "Anything stuck" on the organiser's Home); it reads no feed. */
export function feedRemoval(core: Core): Pick<IdeasFeeds, 'removeById'> {
  return new IdeasFeeds({ prisma: core.prisma, community: core.community, messages: core.messages, schedules: core.schedules, logger: core.logger, now: core.now, fetch: DEFAULT_FETCH_OPTIONS });
}

/**
 * Outside ideas: organisers follow RSS and Atom feeds; Guild reads them every day (a
 * conditional GET within time and size limits, from public addresses only unless allowed) and
 * posts a weekly digest of new posts, each of which any member can propose as a talk idea, a
 * poll option or an unconference session (the last two through the polls' and unconferences'
 * ports, offered only when Guild runs those rituals).
 */
export function ideasRitual(core: Core, ports: IdeasPorts = {}, options: IdeasOptions = {}): Ritual {
  const fetch = { ...DEFAULT_FETCH_OPTIONS, ...options.fetch };
  const feeds = new IdeasFeeds({ prisma: core.prisma, community: core.community, messages: core.messages, schedules: core.schedules, logger: core.logger, now: core.now, fetch });
  const proposals = new IdeasProposals({ prisma: core.prisma, community: core.community, messages: core.messages, logger: core.logger, ports });
  const form = sealedMetadata(z.object({ postId: z.number().int() }).strict(), core.secret);
  const jobDeps = { prisma: core.prisma, messages: core.messages, logger: core.logger, now: core.now, feeds };
  return {
    name: 'ideas',
    help: { topic: 'ideas', title: 'Outside ideas', entries: IDEAS_HELP_ENTRIES },
    jobs: [readJob(jobDeps), digestJob(jobDeps)],
    guildCommands: ideasSubcommands(ideasCommandHandlers({ feeds, proposals })),
    register(kit) {
      const deps = { proposals, kit, form };
      kit.action(IDEAS_PROPOSE_ACTION, onProposeClick(deps));
      kit.view(IDEAS_PROPOSE_CALLBACK, onProposeForm(deps));
    },
  };
}
