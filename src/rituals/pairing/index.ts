import type { Core } from '../../core';
import type { CommandReply } from '../../slack/kit/command';
import { coffeeStats } from '../coffee';
import { mentoringStats } from '../mentoring';
import type { HelpEntry, Ritual, RitualSubcommand } from '../ritual';
import { pairingHomeBlocks, pairingStatsMessage, type PairingStats } from './pairing.views';

export const PAIRING_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild pairing stats', example: '/guild pairing stats', what: 'Organisers: coffee rounds, groups, how many met, unique connections, active mentorships and declines.' },
];

type StatsOf = (communityId: number) => Promise<PairingStats>;

/**
 * Pairing figures for organisers, over coffee groups and mentoring: `/guild pairing stats` in
 * the community's channel, and a line per community they organise on their App Home.
 */
export function pairingRitual(core: Core): Ritual {
  const statsOf: StatsOf = async (communityId) => ({ coffee: await coffeeStats(core.prisma, communityId), mentoring: await mentoringStats(core.prisma, communityId) });
  return {
    name: 'pairing',
    help: { topic: 'pairing', title: 'Pairing stats', entries: PAIRING_HELP_ENTRIES },
    jobs: [],
    guildCommands: [pairingSubcommand(core, statsOf)],
    register: () => undefined,
    async home(actor) {
      const organised = await core.community.organisedBy(actor.teamId, actor.userId);
      return pairingHomeBlocks(await Promise.all(organised.map(async (c) => ({ name: c.name, stats: await statsOf(c.id) }))));
    },
  };
}

/** `/guild pairing stats`, organisers only, in the community's channel. */
export function pairingSubcommand(core: Pick<Core, 'community'>, statsOf: StatsOf): RitualSubcommand {
  return {
    words: ['pairing'],
    parse(rest) {
      if (rest.length !== 1 || rest[0]!.toLowerCase() !== 'stats') return { ok: false, problem: 'Use `/guild pairing stats` in a community\'s channel.' };
      return {
        ok: true,
        command: async ({ channel, actor }): Promise<CommandReply> => {
          const community = await core.community.requireCommunity(channel);
          await core.community.requireOrganiser(community.id, actor.userId, 'see pairing stats');
          return pairingStatsMessage(community.name, await statsOf(community.id));
        },
      };
    },
  };
}
