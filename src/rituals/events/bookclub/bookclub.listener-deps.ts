import type { SealedMetadata } from '../../../slack/kit/metadata';
import type { SlackKit } from '../../../slack/kit/kit';
import type { BookClubService } from './bookclub.service';

/** What book clubs' listeners are given: the service, the kit and the sealed form contexts. */
export interface BookClubListenerDeps {
  book: BookClubService;
  kit: SlackKit;
  now: () => Date;
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    vote: SealedMetadata<{ voteId: number }>;
    club: SealedMetadata<{ clubId: number }>;
    session: SealedMetadata<{ sessionId: number }>;
  };
}
