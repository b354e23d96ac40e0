import type { Benchmark } from './support/benchmark';
import { coffeeFigures } from './matching/coffee-figures';
import { mentorFigures } from './matching/mentor-figures';
import { roundDmFigures } from './matching/round-dm-figures';

/**
 * Matching at scale: the optimal mentor assignment for 10,000 members and coffee groups for
 * 10,000 with 12 weeks of history (each against greedy and random baselines from the same run),
 * and a round of 5,000 group DMs through the delivery gateway against the rate-limit minimum.
 */
const matching: Benchmark = {
  description: 'mentor assignment and coffee grouping of 10,000 members against baselines; 5,000 group DMs through the gateway',
  async run(context) {
    return [...(await mentorFigures(context)), ...(await coffeeFigures(context)), ...(await roundDmFigures(context))];
  },
};

export default matching;
