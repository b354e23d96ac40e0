import type { HelpEntry } from '../ritual';
import { clip, escapeMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { routeSubcommand, type CommandHandlers, type CommandReply, type Parsed, type SubcommandRoute } from '../../slack/kit/command';
import type { RetroListenerDeps } from './retro.listener-deps';
import { exportCsv, exportMarkdown } from './retro.summary';
import { historyMessage, openActionsMessage, scheduleModal, startModal } from './retro.views';

/** `/retro …`, parsed. */
export type RetroCommand =
  | { kind: 'help' }
  | { kind: 'actions' }
  | { kind: 'schedule' }
  | { kind: 'history'; page: number }
  | { kind: 'export'; retroId?: number; as: 'markdown' | 'csv' }
  | { kind: 'start'; title: string };

export const RETRO_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/retro', example: '/retro', what: 'A form: title, format, anonymity, votes per person and per item, a reveal threshold, and deadlines for an async retro.' },
  { usage: '/retro <title>', example: '/retro Sprint 42', what: 'Start one at once: happy / meh / sad, named items, 3 votes each.' },
  { usage: '/retro actions', example: '/retro actions', what: 'Open action items of this channel (mark them done or dropped).' },
  { usage: '/retro history [page]', example: '/retro history 2', what: 'Closed retros of this channel.' },
  { usage: '/retro export [number] [csv]', example: '/retro export 12 csv', what: 'A closed retro as Markdown or CSV, sent to you by DM.' },
  { usage: '/retro schedule', example: '/retro schedule', what: 'Organisers: a recurring retro, e.g. every 4 weeks on Thursday at 15:00.' },
];

export const RETRO_HELP = [
  '*Retros in Slack*',
  ...RETRO_HELP_ENTRIES.map((e) => `• \`${escapeMrkdwn(e.usage)}\`: ${e.what}`),
  'The board appears in the channel. Everyone adds items; the facilitator reveals them, opens voting and leads the discussion: the most-voted items get a thread for notes, and action items get an owner and a due date. Owners are reminded the day before an item is due, and the next retro in the channel starts by going over them.',
].join('\n');

const nothingAfter = (kind: 'help' | 'actions', usage: string): SubcommandRoute<RetroCommand> => ({
  words: [kind],
  // `/retro help me` or `/retro actions please` is a retro titled so: people do name retros that way.
  parse: (rest, restText) => (rest.length === 0 ? { ok: true, command: { kind } } : { ok: true, command: { kind: 'start', title: `${usage} ${restText}`.trim() } }),
});

const RETRO_ROUTES: SubcommandRoute<RetroCommand>[] = [
  nothingAfter('help', 'help'),
  nothingAfter('actions', 'actions'),
  {
    words: ['schedule'],
    parse: (rest) => (rest.length === 0 ? { ok: true, command: { kind: 'schedule' } } : { ok: false, problem: '`/retro schedule` opens a form; it takes nothing after it.' }),
  },
  {
    words: ['history'],
    parse: (rest) => {
      if (rest.length === 0) return { ok: true, command: { kind: 'history', page: 1 } };
      const page = rest.length === 1 && /^\d{1,4}$/.test(rest[0]!) ? Number(rest[0]) : 0;
      return page >= 1 ? { ok: true, command: { kind: 'history', page } } : { ok: false, problem: 'Use `/retro history` or `/retro history <page>`, e.g. `/retro history 2`.' };
    },
  },
  { words: ['export'], parse: parseExport },
];

function parseExport(rest: string[]): Parsed<RetroCommand> {
  let retroId: number | undefined;
  let as: 'markdown' | 'csv' = 'markdown';
  for (const word of rest) {
    const w = word.toLowerCase().replace(/^#/, '');
    if (/^\d{1,9}$/.test(w) && retroId === undefined) retroId = Number(w);
    else if (w === 'csv' || w === 'markdown' || w === 'md') as = w === 'csv' ? 'csv' : 'markdown';
    else return { ok: false, problem: `\`/retro export\` takes a retro's number from \`/retro history\` and \`csv\` or \`markdown\`, e.g. \`/retro export 12 csv\`; "${clip(word, 30)}" is neither.` };
  }
  return { ok: true, command: { kind: 'export', ...(retroId ? { retroId } : {}), as } };
}

/** Reads `/retro` text. Words that look like a subcommand but are malformed get a precise answer. */
export function parseRetroCommand(text: string): Parsed<RetroCommand> {
  return routeSubcommand(text, RETRO_ROUTES, (title) => ({ ok: true, command: { kind: 'start', title } }));
}

/** `/retro` answers given in the acknowledgement itself: help, and a refusal in a direct message. */
export function retroAtOnce(parsed: Parsed<RetroCommand>, channel: { channelId: string }): { text: string } | undefined {
  if (parsed.ok && parsed.command.kind === 'help') return { text: RETRO_HELP };
  if (parsed.ok && channel.channelId.startsWith('D')) return { text: 'Run `/retro` in the channel the retro is for, not in a direct message.' };
  return undefined;
}

/** What each `/retro` subcommand does once acknowledged: one service call and a view. */
export function retroCommandHandlers(deps: RetroListenerDeps): CommandHandlers<RetroCommand> {
  const { retros } = deps;
  return {
    help: async () => ({ text: RETRO_HELP }),
    actions: async (_, { channel }) => ({ ...openActionsMessage(await retros.openActions(channel.teamId, channel.channelId)) }),
    history: async (c, { channel }) => historyMessage(await retros.history(channel.teamId, channel.channelId, c.page)),
    export: async (c, { channel, actor }): Promise<CommandReply> => {
      const retroId = await retros.closedRetroIn(channel.teamId, channel.channelId, c.retroId);
      const record = await retros.record(retroId);
      const csv = c.as === 'csv';
      await deps.files.uploadToUser(actor.userId, {
        filename: `retro-${retroId}.${csv ? 'csv' : 'md'}`,
        title: `Retro: ${record.title}`,
        content: csv ? exportCsv(record) : exportMarkdown(record),
        comment: `Here is the retro *${mrkdwnText(record.title, 150)}* (#${retroId}) as ${csv ? 'CSV' : 'Markdown'}.`,
      });
      return { text: `Sent you retro #${retroId} as ${csv ? 'CSV' : 'Markdown'} in a direct message.` };
    },
    // Refused before the form opens: nobody fills in a form only to hear they may not.
    schedule: async (_, { channel, actor }) => {
      await deps.requireScheduler(channel, actor.userId);
      const form = scheduleModal(channel.channelId, await deps.timeZoneOf(actor.userId));
      return { modal: { ...form, private_metadata: deps.forms.channel.write({ channelId: channel.channelId }, actor.userId) } };
    },
    start: async (c, { channel, actor }) => {
      if (!c.title) return { modal: { ...startModal(channel.channelId), private_metadata: deps.forms.channel.write({ channelId: channel.channelId }, actor.userId) } };
      await deps.prepareChannel(channel);
      await retros.start({ teamId: channel.teamId, channelId: channel.channelId, title: c.title, formatId: 'tanzu', anonymity: 'named', startedBy: actor.userId });
      return { done: true };
    },
  };
}
