import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../community/community.service';
import {
  communityCreatedMessage,
  helpMessage,
  organisersMessage,
  scheduleChangedMessage,
  schedulesMessage,
  topicsAddedMessage,
  topicsMessage,
  type Message,
} from '../community/community.views';
import type { ProfileService } from '../community/profile.service';
import { profileModal } from '../community/profile.views';
import type { ModalView } from '@slack/types';
import type { Schedules } from '../scheduler/schedules';
import { parseGuildCommand, type GuildCommand } from './guild-command';
import { errorText } from './reply-errors';

export interface GuildCommandDeps {
  community: CommunityService;
  profile: ProfileService;
  schedules: Schedules;
  logger: Logger;
}

type Reply = (Message & { inChannel?: boolean }) | { modal: ModalView };
type Context = { channel: ChannelRef; actor: Actor };
type Handlers = { [K in GuildCommand['kind']]: (command: Extract<GuildCommand, { kind: K }>, context: Context) => Promise<Reply> };

/** What each `/guild` subcommand does: one service call and a view. */
function handlers({ community, profile, schedules }: GuildCommandDeps): Omit<Handlers, 'help'> {
  return {
    setup: async (c, { channel, actor }) => {
      const created = await community.setup(channel, actor, c.name);
      return { ...communityCreatedMessage(created.name, actor.userId), inChannel: true };
    },
    join: async (_, { channel, actor }) => {
      const joined = await community.join(channel, actor);
      return { text: `Welcome to *${joined.name}*! Tell us what you can mentor and want to learn with \`/guild profile\`.` };
    },
    leave: async (_, { channel, actor }) => {
      const left = await community.leave(channel, actor);
      return { text: `You have left *${left.name}*. Your history stays; \`/guild join\` brings you back.` };
    },
    profile: async (_, { channel, actor }) => ({ modal: profileModal(await profile.form(actor, channel.channelId)) }),
    'organisers.list': async (_, { channel }) => {
      const { community: c, organiserIds } = await community.organisers(channel);
      return organisersMessage(c.name, organiserIds);
    },
    'organisers.add': async (c, { channel, actor }) => {
      const target = await community.addOrganiser(channel, actor, c.userId);
      return { text: `<@${c.userId}> is now an organiser of *${target.name}*.`, inChannel: true };
    },
    'organisers.remove': async (c, { channel, actor }) => {
      const target = await community.removeOrganiser(channel, actor, c.userId);
      return { text: `<@${c.userId}> is no longer an organiser of *${target.name}*.`, inChannel: true };
    },
    'topics.list': async (_, { channel }) => {
      const { community: c, topics } = await community.topics(channel);
      return topicsMessage(c.name, topics);
    },
    'topics.add': async (c, { channel, actor }) => {
      const { added, existing } = await community.addTopics(channel, actor, c.names);
      return topicsAddedMessage(added, existing);
    },
    'topics.remove': async (c, { channel, actor }) => {
      const removed = await community.removeTopic(channel, actor, c.name);
      return { text: `Removed the topic *${removed}* and everyone's choices for it.` };
    },
    'schedules.list': async (_, { channel }) => {
      const c = await community.requireCommunity(channel);
      return schedulesMessage(c.name, await schedules.list(c.id));
    },
    'schedules.change': async (c, { channel, actor }) => {
      const target = await community.requireCommunity(channel);
      await community.requireOrganiser(target.id, actor.userId, `${c.action} schedules`);
      const changed = await schedules[c.action](target.id, c.scheduleId);
      return scheduleChangedMessage(changed, c.action);
    },
  };
}

/**
 * `/guild …`: help and bad input are answered in the acknowledgement itself (no database);
 * everything else is acknowledged at once, then answered through the response URL.
 */
export function registerGuildCommand(app: App, deps: GuildCommandDeps): void {
  const run = handlers(deps);
  app.command('/guild', async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = parseGuildCommand(command.text);
    if (!parsed.ok) return ack({ response_type: 'ephemeral', ...helpMessage(parsed.problem) });
    if (parsed.command.kind === 'help') return ack({ response_type: 'ephemeral', ...helpMessage() });
    await ack();
    const context: Context = {
      channel: { teamId: command.team_id, channelId: command.channel_id, channelName: command.channel_name },
      actor: { teamId: command.team_id, userId: command.user_id, userName: command.user_name },
    };
    try {
      const handler = run[parsed.command.kind] as (c: GuildCommand, ctx: Context) => Promise<Reply>;
      const reply = await handler(parsed.command, context);
      if ('modal' in reply) await client.views.open({ trigger_id: command.trigger_id, view: reply.modal });
      else await respond({ response_type: reply.inChannel ? 'in_channel' : 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
    } catch (err) {
      const text = errorText(err, deps.logger, { command: parsed.command.kind, userId: command.user_id, channelId: command.channel_id });
      await respond({ response_type: 'ephemeral', text });
    }
  });
}
