import type { CommandHandlers } from '../../slack/kit/command';
import { mrkdwnText } from '../../slack/kit/text';
import type { CoffeeCommand } from './coffee.command';
import type { CoffeeListenerDeps } from './coffee.listener-deps';
import { day, notFormedInWords } from './coffee.messages';
import { previewMessage, settingsModal, statusMessage } from './coffee.views';

const named = (name: string) => mrkdwnText(name, 80);

/**
 * What each `/guild coffee` subcommand does once acknowledged: one service call and a view.
 * Every answer is ephemeral (only the person sees it), the avoid list above all.
 */
export function coffeeCommandHandlers({ coffee, forms }: Pick<CoffeeListenerDeps, 'coffee' | 'forms'>): CommandHandlers<CoffeeCommand> {
  return {
    status: async (_, { channel, actor }) => statusMessage(await coffee.status(channel, actor)),
    join: async (_, { channel, actor }) => ({ text: `You take part in the coffee groups of *${named((await coffee.join(channel, actor)).name)}*. The next round's intro comes as a group DM.` }),
    leave: async (_, { channel, actor }) => ({ text: `You no longer take part in the coffee groups of *${named((await coffee.leave(channel, actor)).name)}*. \`/guild coffee join\` brings you back.` }),
    snooze: async (c, { channel, actor }) => {
      const { community, until } = await coffee.snoozeHere(channel, actor, c.weeks);
      return { text: `Snoozed: no coffee groups in *${named(community.name)}* until ${day(until)}. \`/guild coffee resume\` ends it sooner.` };
    },
    resume: async (_, { channel, actor }) => ({ text: `Welcome back: you are in the next coffee round of *${named((await coffee.resumeHere(channel, actor)).name)}* (if you opted in).` }),
    avoid: async (c, { channel, actor }) => {
      await coffee.avoid(channel, actor, c.userId);
      return { text: `Noted, privately: you will not be grouped with <@${c.userId}>. Nobody else is told. \`/guild coffee unavoid @them\` undoes it.` };
    },
    unavoid: async (c, { channel, actor }) => ({
      text: (await coffee.unavoid(channel, actor, c.userId)) ? `You can be grouped with <@${c.userId}> again.` : `<@${c.userId}> was not on your list.`,
    }),
    settings: async (_, { channel, actor }) => {
      const community = await coffee.requireOrganiser(channel, actor.userId, 'change the coffee settings');
      return { modal: settingsModal(await coffee.settingsOf(community.id), forms.channel.write({ channelId: channel.channelId }, actor.userId)) };
    },
    preview: async (_, { channel, actor }) => {
      const { date: on, draft } = await coffee.preview(channel, actor);
      return previewMessage(on, draft);
    },
    run: async (_, { channel, actor }) => {
      const outcome = await coffee.runNow(channel, actor);
      if (outcome.kind === 'sent') return { text: `The round is out: ${outcome.groups} ${outcome.groups === 1 ? 'group' : 'groups'}, each with its group DM.` };
      if (outcome.kind === 'too-few') return { text: `The round did not form: ${notFormedInWords(outcome.eligible)}. The organisers got a DM saying so.` };
      return { text: 'A round went out a moment ago already.' };
    },
  };
}
