import { WebClient } from '@slack/web-api';
import pino from 'pino';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { communityRoles } from '../../src/community/roles';
import { RetroService } from '../../src/rituals/retro/retro.service';
import { boardMessage } from '../../src/rituals/retro/retro.views';
import { systemClock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';
import { LocalSlack, TEAM, type SandboxChannel, type SandboxUser } from '../../src/sandbox';
import type { Cleanup } from '../support/cleanup';

export const SIGNING_SECRET = 'bench-signing-secret-retro-41aa';
export const GUILD_SECRET = 'bench-anonymity-secret-0123456789abcdef0123';
export const PARTICIPANTS = 200;
export const ITEMS = 1000;
export const VOTE_BUDGET = 3;

export interface RetroWorkspace {
  slack: LocalSlack;
  client: WebClient;
  channel: SandboxChannel;
  participants: SandboxUser[];
  retros: RetroService;
  retroId: number;
  itemIds: number[];
  /** The board message as posted in the local Slack. */
  boardTs: string;
}

/**
 * A retro in its vote phase with 200 participants and 1,000 items (five each), made through the
 * real service; its board posted to a local Slack with no rate limits (never the bottleneck).
 */
export async function startRetroWorkspace(prisma: PrismaClient, cleanup: Cleanup, progress: (m: string) => void): Promise<RetroWorkspace> {
  const slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET, rateLimits: { enabled: false }, recordCalls: false });
  cleanup.add('stop local Slack', () => slack.stop());
  const participants = Array.from({ length: PARTICIPANTS }, (_, i) => slack.addUser({ name: `person${i}`, tz: 'Europe/Berlin' }));
  const channel = slack.addChannel({ name: 'platform-guild', members: participants.map((p) => p.id) });
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const scheduler = new Scheduler({ prisma, logger, clock: systemClock });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock: systemClock });
  const retros = new RetroService({ prisma, logger, anonymitySecret: GUILD_SECRET, jobs: scheduler.jobs, messages: delivery, roles: communityRoles(prisma), timeZoneOf: async () => 'Europe/Berlin' });

  const facilitator = participants[0]!;
  const { id: retroId } = await retros.start({ teamId: TEAM.id, channelId: channel.id, title: 'Platform guild, Q4', formatId: '4ls', anonymity: 'named', voteBudget: VOTE_BUDGET, startedBy: facilitator.id });
  progress(`adding ${ITEMS} items from ${PARTICIPANTS} participants`);
  const columns = ['liked', 'learned', 'lacked', 'longed'];
  const itemIds: number[] = [];
  for (let i = 0; i < ITEMS; i += 1) {
    const author = participants[i % PARTICIPANTS]!;
    itemIds.push(await retros.addItem(retroId, author.id, columns[i % columns.length]!, `Item ${i}: ${'something worth talking about '.repeat(1 + (i % 4))}`.trim()));
  }
  await retros.advance(retroId, facilitator.id, 'collect');
  await retros.advance(retroId, facilitator.id, 'reveal');
  const posted = await client.chat.postMessage({ channel: channel.id, ...boardMessage(await retros.board(retroId)) });
  return { slack, client, channel, participants, retros, retroId, itemIds, boardTs: posted.ts! };
}
