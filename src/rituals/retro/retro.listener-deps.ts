import type { ChannelRef } from '../../community/community.service';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { ScheduleSummary } from '../../scheduler/schedules';
import type { RetroScheduleRequest } from './retro.rules';
import type { RetroService } from './retro.service';

/** What the retro's listeners are given: its service and the Slack kit, nothing more. */
export interface RetroListenerDeps {
  retros: RetroService;
  kit: SlackKit;
  /** Sends a person a file in their DM (exports). */
  files: { uploadToUser(userId: string, file: { filename: string; title: string; content: string; comment?: string }): Promise<void> };
  /** Refuses unless the person may schedule retros in the channel (an organiser of its community). */
  requireScheduler(channel: ChannelRef, userId: string): Promise<void>;
  /** Sets up recurring retros (organisers). */
  scheduleRetros(input: RetroScheduleRequest): Promise<ScheduleSummary>;
  /** A person's time zone, for the schedule form's default. */
  timeZoneOf(userId: string): Promise<string>;
  /** Makes sure Guild is in the channel (joins a public one); refuses with advice when it cannot be. */
  prepareChannel(channel: ChannelRef): Promise<void>;
  /** The sealed contexts the retro's forms carry. */
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    retro: SealedMetadata<{ retroId: number; channelId: string }>;
  };
  now: () => Date;
}
