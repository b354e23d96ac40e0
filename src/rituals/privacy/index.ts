import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Core } from '../../core';
import { PrivacyService } from '../../community/privacy.service';
import { actorOf } from '../../slack/kit/actor';
import type { CommandReply, Parsed } from '../../slack/kit/command';
import { ephemeral, errorText } from '../../slack/kit/replies';
import type { HelpEntry, Ritual, RitualCommandRun, RitualSubcommand } from '../ritual';

export const FORGET_ME_ACTION = 'privacy_forget_me';

const HELP: HelpEntry[] = [
  { usage: '/guild my-data', example: '/guild my-data', what: 'Everything Guild stores that mentions you, as a JSON file by DM.' },
  { usage: '/guild forget-me', example: '/guild forget-me', what: 'Erase your data from every community and ritual (asks to confirm); only anonymous totals stay.' },
];

const nothingAfter = (word: string, run: RitualCommandRun): RitualSubcommand => ({
  words: [word],
  parse: (rest): Parsed<RitualCommandRun> => (rest.length ? { ok: false, problem: `\`/guild ${word}\` takes nothing after it.` } : { ok: true, command: run }),
});

/** The confirmation: a red button only the person who asked can use. */
function confirmation(userId: string): CommandReply {
  return {
    text: 'Erase your data from Guild?',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'This erases your data from *every* community and ritual here: your profile, opt-ins, skills and private lists are deleted; where you took part (retros, groups, events, votes), your name and id are replaced by an anonymous stand-in, so totals still add up but nothing leads back to you. You also leave every community. It cannot be undone.' } },
      { type: 'actions', elements: [{ type: 'button', style: 'danger', action_id: FORGET_ME_ACTION, text: { type: 'plain_text', text: 'Erase my data' }, value: userId, confirm: { title: { type: 'plain_text', text: 'Erase your data?' }, text: { type: 'plain_text', text: 'This cannot be undone.' }, confirm: { type: 'plain_text', text: 'Erase' }, deny: { type: 'plain_text', text: 'Keep it' } } }] },
    ],
  };
}

/**
 * A member's own data: `/guild my-data` sends everything that mentions them as a file by DM;
 * `/guild forget-me` erases it after a confirmation (src/community/privacy.service.ts).
 */
export function privacyRitual(core: Core): Ritual {
  const privacy = new PrivacyService({ prisma: core.prisma, logger: core.logger, now: core.now });
  const myData: RitualCommandRun = async ({ actor }) => {
    const data = await privacy.export(actor.userId);
    await core.messages.uploadToUser(actor.userId, { filename: 'my-guild-data.json', title: 'Your data in Guild', content: JSON.stringify(data, null, 2), comment: 'Everything Guild stores that mentions you, table by table.' });
    return { text: 'Sent: your data is in your DM with Guild as a JSON file.' };
  };
  return {
    name: 'privacy',
    help: { title: 'Your data', entries: HELP },
    jobs: [],
    guildCommands: [nothingAfter('my-data', myData), nothingAfter('forget-me', async ({ actor }) => confirmation(actor.userId))],
    register: (kit) => kit.action(FORGET_ME_ACTION, onForgetMe(privacy, kit.logger)),
  };
}

/** "Erase my data": only for the person it was shown to; answered under the message. */
export function onForgetMe(privacy: PrivacyService, logger: import('pino').Logger) {
  return async function onForgetMe(args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    if (args.action.value !== actor.userId) return void (await args.respond(ephemeral('This button erases the data of the person who asked for it, not yours. Use `/guild forget-me` yourself.')));
    try {
      await privacy.forget(actor.userId);
      await args.respond({ response_type: 'ephemeral', replace_original: true, text: 'Done: your data is erased from Guild. Only anonymous totals remain.' });
    } catch (err) {
      await args.respond(ephemeral(errorText(err, logger, { action: 'forget-me' })));
    }
  };
}
