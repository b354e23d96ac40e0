import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { CoffeeService } from './coffee.service';

/** What coffee's listeners are given: its service, the kit and the sealed form contexts. */
export interface CoffeeListenerDeps {
  coffee: CoffeeService;
  kit: SlackKit;
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    round: SealedMetadata<{ roundId: number; channelId: string }>;
  };
}
