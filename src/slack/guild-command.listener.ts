import type { Logger } from 'pino';
import type { CommunityService } from '../community/community.service';
import {
  COMMUNITY_HELP,
  communityCreatedMessage,
  helpMessage,
  helpTopicMessage,
  helpTopicsByWord,
  type Message,
  organisersMessage,
  problemMessage,
  scheduleChangedMessage,
  schedulesMessage,
  topicsAddedMessage,
  topicsMessage,
} from '../community/community.views';
import type { ProfileService } from '../community/profile.service';
import { profileModal } from '../community/profile.views';
import type { RitualHelp, RitualSubcommand } from '../rituals/ritual';
import type { Schedules } from '../scheduler/schedules';
import { guildRoutes, parseGuildCommand, type GuildCommand } from './guild-command';
import { slashCommandListener, type CommandHandlers } from './kit/command';
import { clip, mrkdwnText } from './kit/text';

const named = (name: string) => mrkdwnText(name, 80);

export interface GuildCommandDeps {
  community: CommunityService;
  profile: ProfileService;
  schedules: Schedules;
  logger: Logger;
  /** Every ritual's help, listed by `/guild help` after Guild's own commands. */
  rituals: RitualHelp[];
  /** The rituals' own `/guild` subcommands. */
  ritualCommands?: readonly RitualSubcommand[];
}

/** What each `/guild` subcommand does: one service call and a view. */
export function guildCommandHandlers({ community, profile, schedules, rituals }: GuildCommandDeps, answers = helpAnswers(rituals)): CommandHandlers<GuildCommand> {
  return {
    // Answered in the ack (guildCommandListener's atOnce); a handler, so the table stays complete.
    help: async (c) => helpAnswer(c.topic, answers),
    setup: async (c, { channel, actor }) => {
      const created = await community.setup(channel, actor, c.name);
      return { ...communityCreatedMessage(created.name, actor.userId), inChannel: true };
    },
    join: async (_, { channel, actor }) => {
      // The welcome DM (what the community runs, the profile button, the opt-ins) is queued by the join.
      const joined = await community.join(channel, actor, rituals);
      return { text: `Welcome to *${named(joined.name)}*! I sent you a DM to set up your profile and choose what you take part in.` };
    },
    leave: async (_, { channel, actor }) => {
      const left = await community.leave(channel, actor);
      return { text: `You have left *${named(left.name)}*. Your history stays; \`/guild join\` brings you back.` };
    },
    profile: async (_, { channel, actor }) => ({ modal: profileModal(await profile.form(actor, channel.channelId)) }),
    'organisers.list': async (_, { channel }) => {
      const { community: c, organiserIds } = await community.organisers(channel);
      return organisersMessage(c.name, organiserIds);
    },
    'organisers.add': async (c, { channel, actor }) => {
      const target = await community.addOrganiser(channel, actor, c.userId);
      return { text: `<@${c.userId}> is now an organiser of *${named(target.name)}*.`, inChannel: true };
    },
    'organisers.remove': async (c, { channel, actor }) => {
      const target = await community.removeOrganiser(channel, actor, c.userId);
      return { text: `<@${c.userId}> is no longer an organiser of *${named(target.name)}*.`, inChannel: true };
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
      return { text: `Removed the topic *${named(removed)}* and everyone's choices for it.` };
    },
    'schedules.list': async (_, { channel }) => {
      const c = await community.requireCommunity(channel);
      return schedulesMessage(c.name, await schedules.list(c.id));
    },
    ritual: async (c, context) => c.run(context),
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
export function guildCommandListener(deps: GuildCommandDeps) {
  // The rituals are fixed for the life of the process, so the help is built once.
  const answers = helpAnswers(deps.rituals);
  const routes = guildRoutes(deps.ritualCommands);
  return slashCommandListener<GuildCommand>({
    parse: (text) => parseGuildCommand(text, routes),
    // A mistake gets the one line that fixes it (and a pointer to the help), not the whole help card.
    atOnce: (parsed) => (!parsed.ok ? problemMessage(parsed.problem) : parsed.command.kind === 'help' ? helpAnswer(parsed.command.topic, answers) : undefined),
    handlers: guildCommandHandlers(deps, answers),
    logger: deps.logger,
  });
}

interface HelpAnswers {
  all: Message;
  byWord: Map<string, Message>;
  topics: string[];
}

/** The help card, and each topic's in full under every word that leads to it. */
function helpAnswers(rituals: RitualHelp[]): HelpAnswers {
  const topics = [COMMUNITY_HELP, ...rituals];
  const messages = new Map(topics.map((t) => [t, helpTopicMessage(t)]));
  const byWord = new Map([...helpTopicsByWord(topics)].map(([word, t]) => [word, messages.get(t)!]));
  return { all: helpMessage(rituals), byWord, topics: topics.map((t) => t.topic) };
}

function helpAnswer(topic: string | undefined, answers: HelpAnswers): Message {
  if (topic === undefined) return answers.all;
  return answers.byWord.get(topic) ?? problemMessage(`I have no help on "${clip(topic, 40)}". The topics are ${answers.topics.join(', ')}: e.g. \`/guild help ${answers.topics[1] ?? answers.topics[0]}\`.`);
}
