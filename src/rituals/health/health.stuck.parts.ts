import type { Core } from '../../core';
import { feedRemoval } from '../ideas';
import type { Ritual } from '../ritual';
import { registerStuckListeners } from './health.stuck.listeners';
import { StuckService } from './health.stuck';
import { stuckBlocks } from './health.stuck.views';

/**
 * The health ritual with the organiser's "Anything stuck" and "Schedules" added to its App Home
 * section, and the buttons they carry. If they cannot be built, the rest of the section still shows.
 */
export function withStuck(core: Core, ritual: Ritual): Ritual {
  const stuck = new StuckService({ prisma: core.prisma, community: core.community, jobs: core.jobs, schedules: core.schedules, feeds: feedRemoval(core), now: core.now });
  const stuckHome = (actor: Parameters<NonNullable<Ritual['home']>>[0]) =>
    stuck.forOrganiser(actor).then(stuckBlocks, (err: unknown) => {
      core.logger.error({ err, userId: actor.userId }, 'could not build the App Home section of what is stuck');
      return [];
    });
  return {
    ...ritual,
    register(kit) {
      ritual.register(kit);
      registerStuckListeners(kit, stuck);
    },
    home: async (actor) => [...((await ritual.home?.(actor)) ?? []), ...(await stuckHome(actor))],
  };
}
