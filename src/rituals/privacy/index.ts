import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Core } from '../../core';
import { deletedLongAgo, PrivacyService, SLACK_ID } from '../../community/privacy.service';
import type { JobHandler } from '../../scheduler/scheduler';
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
  // The daily sweep arms its own next run; the first is armed here (idempotent by its key).
  core.jobs.enqueue([sweepJobFor(core.now())]).catch((err: unknown) => core.logger.warn({ err }, 'could not arm the deleted-accounts sweep'));
  return {
    name: 'privacy',
    help: { topic: 'privacy', title: 'Your data', entries: HELP },
    jobs: [sweepJob(core, privacy)],
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

export const SWEEP_JOB = 'privacy.sweep';
const DAY = 86_400_000;

function sweepJobFor(after: Date) {
  const next = new Date(Math.floor(after.getTime() / DAY) * DAY + DAY + 3 * 3_600_000);
  return { key: `privacy:sweep:${next.toISOString().slice(0, 10)}`, kind: SWEEP_JOB, runAt: next };
}

/** Daily at 03:00 UTC: people whose Slack account was deleted over 30 days ago are forgotten. */
export function sweepJob(core: Pick<Core, 'prisma' | 'jobs' | 'now'>, privacy: PrivacyService): JobHandler {
  return {
    kind: SWEEP_JOB,
    async run(_payload, context) {
      const people = (await deletedLongAgo(core.prisma, context.now)).filter((id) => SLACK_ID.test(id));
      for (const id of people) await privacy.forget(id);
      if (people.length) context.logger.info({ forgotten: people.length }, 'deleted accounts forgotten after their grace period');
      await core.jobs.enqueue([sweepJobFor(context.now)]);
    },
  };
}
