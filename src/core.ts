import type { Logger } from 'pino';
import type { CommunityService } from './community/community.service';
import type { ProfileService } from './community/profile.service';
import type { Roles } from './community/roles';
import type { SlackDirectory } from './community/slack-directory';
import type { ChannelRef } from './community/community.service';
import type { PrismaClient } from './db/client';
import type { Delivery } from './delivery/delivery';
import type { Clock } from './scheduler/clock';
import type { Links } from './links';
import type { JobStore } from './scheduler/job-store';
import type { Schedules } from './scheduler/schedules';

/**
 * What Guild builds once and every ritual is given (src/guild.ts builds it before Bolt
 * starts): the database, the scheduler's jobs and schedules, the delivery gateway, the
 * community module (people, roles, channels) and the instance's secret.
 */
export interface Core {
  logger: Logger;
  clock: Clock;
  now: () => Date;
  /** Each ritual reads and writes its own tables; another module's data through its service. */
  prisma: PrismaClient;
  jobs: JobStore;
  schedules: Schedules;
  /** The delivery gateway: every message and file Guild sends. */
  messages: Delivery;
  community: CommunityService;
  profile: ProfileService;
  roles: Roles;
  directory: SlackDirectory;
  /** Makes sure Guild is in a channel before a ritual relies on hearing from it. */
  channels: { prepare(channel: ChannelRef): Promise<void> };
  /** Keys anonymity pseudonyms, sealed form contexts and signed links (GUILD_SECRET). */
  secret: string;
  /** Guild's public base URL (GUILD_PUBLIC_URL, else where it listens, once it does). */
  links: Links;
}
