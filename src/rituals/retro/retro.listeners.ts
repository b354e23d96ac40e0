import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  BlockOverflowAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CommunityService } from '../../community/community.service';
import { errorText } from '../../slack/reply-errors';
import { readMetadata, ViewValues } from '../../slack/view-state';
import { publishBoard, type BoardOutbox } from './retro.board';
import { retroFormat } from './retro.formats';
import { checkRetroSchedule, type RetroScheduleRequest } from './retro.schedule';
import { RetroError, validateRetroSchedule, type RetroService } from './retro.service';
import { exportCsv, exportMarkdown } from './retro.summary';
import {
  actionItemModal,
  addItemModal,
  handOverModal,
  historyMessage,
  openActionsMessage,
  RETRO_ACTION_CALLBACK,
  RETRO_ADD_ACTION_ACTION,
  RETRO_ADD_ITEM_ACTION,
  RETRO_CLOSE_ACTION,
  RETRO_FIELDS as F,
  RETRO_HANDOVER_ACTION,
  RETRO_HANDOVER_CALLBACK,
  RETRO_INPUT as I,
  RETRO_ITEM_CALLBACK,
  RETRO_NEXT_PHASE_ACTION,
  RETRO_REVIEW_ACTION,
  RETRO_SCHEDULE_CALLBACK,
  RETRO_START_CALLBACK,
  RETRO_THREAD_ACTION,
  RETRO_VOTE_ACTION,
  scheduleModal,
  startModal,
} from './retro.views';
import { validateVoteRules } from './retro.voting';
import type { ScheduleSummary } from '../../scheduler/schedules';

export interface RetroDeps {
  retros: RetroService;
  community: CommunityService;
  outbox: BoardOutbox;
  /** Sends a person a file in their DM (exports). */
  files: { uploadToUser(userId: string, file: { filename: string; title: string; content: string; comment?: string }): Promise<void> };
  /** Sets up recurring retros (organisers). */
  scheduleRetros(input: RetroScheduleRequest): Promise<ScheduleSummary>;
  /** A person's time zone as Slack knows it, for the schedule form's default. */
  timeZoneOf(userId: string): Promise<string | undefined>;
  logger: Logger;
  now?: () => Date;
}

export const RETRO_HELP = [
  '*Retros in Slack*',
  '• `/retro` opens a form: title, format, anonymity, votes per person and per item, a reveal threshold, and deadlines for an async retro.',
  '• `/retro <title>` starts one at once: happy / meh / sad, named items, 3 votes each.',
  'The board appears in the channel. Everyone adds items; the facilitator reveals them, opens voting and leads the discussion: the most-voted items get a thread for notes, and action items get an owner and a due date. Owners are reminded the day before an item is due, and the next retro in the channel starts by going over them.',
  '• `/retro actions`: open action items of this channel (mark them done or dropped).',
  '• `/retro history [page]`: closed retros of this channel.',
  '• `/retro export [number] [csv]`: a closed retro as Markdown or CSV, sent to you by DM.',
  '• `/retro schedule`: organisers set up a recurring retro, e.g. every 4 weeks on Thursday at 15:00.',
].join('\n');

const startMetadata = z.object({ channelId: z.string() });
const retroMetadata = z.object({ retroId: z.number().int() });
const phase = z.enum(['collect', 'reveal', 'vote', 'discuss', 'closed']);
const STALE_FORM = 'This form is out of date. Close it and open it again from the board.';
/**
 * The earliest calendar date anywhere on Earth now (UTC−12): a due date picked as "today" by
 * someone west of UTC in their evening is already "yesterday" in UTC, and must still be taken.
 */
const today = (now: Date) => new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10);

/** `/retro …` after its first word. */
const subcommand = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('actions') }),
  z.object({ kind: z.literal('schedule') }),
  z.object({ kind: z.literal('history'), page: z.number().int().min(1) }),
  z.object({ kind: z.literal('export'), retroId: z.number().int().positive().optional(), as: z.enum(['markdown', 'csv']) }),
  z.object({ kind: z.literal('start'), title: z.string() }),
  z.object({ kind: z.literal('problem'), problem: z.string() }),
]);
type Subcommand = z.infer<typeof subcommand>;

/** Reads `/retro` text. Words that look like a subcommand but are malformed get a precise answer. */
export function parseRetroCommand(text: string): Subcommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  switch (first?.toLowerCase()) {
    case 'help':
      if (rest.length === 0) return { kind: 'help' };
      break;
    case 'actions':
      if (rest.length === 0) return { kind: 'actions' };
      break;
    case 'schedule':
      if (rest.length === 0) return { kind: 'schedule' };
      return { kind: 'problem', problem: '`/retro schedule` opens a form; it takes nothing after it.' };
    case 'history': {
      if (rest.length === 0) return { kind: 'history', page: 1 };
      const page = rest.length === 1 && /^\d{1,4}$/.test(rest[0]!) ? Number(rest[0]) : 0;
      return page >= 1 ? { kind: 'history', page } : { kind: 'problem', problem: 'Use `/retro history` or `/retro history <page>`, e.g. `/retro history 2`.' };
    }
    case 'export': {
      let retroId: number | undefined;
      let as: 'markdown' | 'csv' = 'markdown';
      for (const word of rest) {
        const w = word.toLowerCase().replace(/^#/, '');
        if (/^\d{1,9}$/.test(w) && retroId === undefined) retroId = Number(w);
        else if (w === 'csv' || w === 'markdown' || w === 'md') as = w === 'csv' ? 'csv' : 'markdown';
        else return { kind: 'problem', problem: `\`/retro export\` takes a retro's number from \`/retro history\` and \`csv\` or \`markdown\`, e.g. \`/retro export 12 csv\`; "${word.slice(0, 30)}" is neither.` };
      }
      return { kind: 'export', ...(retroId ? { retroId } : {}), as };
    }
  }
  return { kind: 'start', title: text.trim() };
}

/** `/retro` and its board: listeners ack, parse, call the retro service, and refresh the board. */
export function registerRetro(app: App, deps: RetroDeps): void {
  const now = deps.now ?? (() => new Date());
  const showBoard = (retroId: number, channelId?: string) => publishBoard(deps.retros, deps.outbox, retroId, channelId);
  const isOrganiser = (teamId: string | undefined, channelId: string | undefined, userId: string) =>
    deps.community.isOrganiserIn({ teamId: teamId ?? '', channelId: channelId ?? '' }, userId);
  const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });

  app.command('/retro', async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = parseRetroCommand(command.text);
    if (parsed.kind === 'help') return ack({ response_type: 'ephemeral', text: RETRO_HELP });
    if (parsed.kind === 'problem') return ack({ response_type: 'ephemeral', text: parsed.problem });
    if (command.channel_id.startsWith('D')) return ack({ response_type: 'ephemeral', text: 'Run `/retro` in the channel the retro is for, not in a direct message.' });
    await ack();
    const where = { teamId: command.team_id, channelId: command.channel_id };
    try {
      switch (parsed.kind) {
        case 'actions':
          await respond({ response_type: 'ephemeral', ...openActionsMessage(await deps.retros.openActions(where.teamId, where.channelId)) });
          return;
        case 'history':
          await respond({ response_type: 'ephemeral', ...historyMessage(await deps.retros.history(where.teamId, where.channelId, parsed.page)) });
          return;
        case 'export': {
          const retroId = await deps.retros.closedRetroIn(where.teamId, where.channelId, parsed.retroId);
          const record = await deps.retros.record(retroId);
          const csv = parsed.as === 'csv';
          await deps.files.uploadToUser(command.user_id, {
            filename: `retro-${retroId}.${csv ? 'csv' : 'md'}`,
            title: `Retro: ${record.title}`,
            content: csv ? exportCsv(record) : exportMarkdown(record),
            comment: `Here is the retro *${record.title}* (#${retroId}) as ${csv ? 'CSV' : 'Markdown'}.`,
          });
          await respond(ephemeral(`Sent you retro #${retroId} as ${csv ? 'CSV' : 'Markdown'} in a direct message.`));
          return;
        }
        case 'schedule': {
          await client.views.open({ trigger_id: command.trigger_id, view: scheduleModal(command.channel_id, (await deps.timeZoneOf(command.user_id)) ?? 'UTC') });
          return;
        }
        case 'start':
          if (!parsed.title) {
            await client.views.open({ trigger_id: command.trigger_id, view: startModal(command.channel_id) });
            return;
          }
          await showBoard((await deps.retros.start({ ...where, title: parsed.title, formatId: 'tanzu', anonymity: 'named', startedBy: command.user_id })).id, command.channel_id);
      }
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.logger, { command: '/retro', userId: command.user_id })));
    }
  });

  app.view<ViewSubmitAction>(RETRO_START_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = ViewValues.parse(view.state.values);
    const metadata = readMetadata(startMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.title]: STALE_FORM } });
    const { channelId } = metadata;
    const title = values.text(F.title, I)?.trim() ?? '';
    const formatId = values.text(F.format, I) ?? 'tanzu';
    const columns = values.text(F.columns, I);
    const budget = Number(values.text(F.budget, I) ?? '3');
    const capText = values.text(F.cap, I);
    const thresholdText = values.text(F.threshold, I);
    const collectUntil = values.dateTime(F.collectUntil, I);
    const voteUntil = values.dateTime(F.voteUntil, I);
    const errors: Record<string, string> = {};
    if (!title) errors[F.title] = 'Give the retro a title.';
    const format = retroFormat(formatId, columns);
    if (!format.ok) errors[formatId === 'custom' ? F.columns : F.format] = format.problem;
    const rules = validateVoteRules(budget, capText ? Number(capText) : undefined);
    if (!rules.ok) errors[Number.isInteger(budget) && budget >= 1 && budget <= 20 ? F.cap : F.budget] = rules.problem;
    const timing = validateRetroSchedule({ ...(thresholdText ? { revealThreshold: Number(thresholdText) } : {}), ...(collectUntil ? { collectUntil } : {}), ...(voteUntil ? { voteUntil } : {}) }, now());
    if (!timing.ok) errors[timing.field === 'threshold' ? F.threshold : timing.field === 'collect' ? F.collectUntil : F.voteUntil] = timing.problem;
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
    await ack();
    const anonymity = z.enum(['named', 'anonymous_items', 'anonymous_all']).catch('named').parse(values.text(F.anonymity, I));
    try {
      const started = await deps.retros.start({
        teamId: body.team?.id ?? '',
        channelId,
        title,
        formatId,
        customColumns: columns,
        anonymity,
        voteBudget: budget,
        ...(capText ? { perItemCap: Number(capText) } : {}),
        ...(thresholdText ? { revealThreshold: Number(thresholdText) } : {}),
        ...(collectUntil ? { collectUntil } : {}),
        ...(voteUntil ? { voteUntil } : {}),
        startedBy: body.user.id,
      });
      await showBoard(started.id, channelId);
    } catch (err) {
      // The form has closed already: tell the person by DM rather than leave them wondering.
      const text = errorText(err, deps.logger, { userId: body.user.id, channelId });
      await deps.outbox.send({ key: `retro:start-failed:${view.id}`, to: { users: [body.user.id] }, text: `Your retro did not start. ${text}` });
    }
  });

  app.action<BlockButtonAction>(RETRO_ADD_ITEM_ACTION, async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const board = await deps.retros.board(Number(action.value));
    if (board.phase !== 'collect') {
      await respond(ephemeral('Items can only be added while the retro is collecting them.'));
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: addItemModal(board) });
  });

  app.view<ViewSubmitAction>(RETRO_ITEM_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = ViewValues.parse(view.state.values);
    const metadata = readMetadata(retroMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.text]: STALE_FORM } });
    const { retroId } = metadata;
    try {
      await deps.retros.addItem(retroId, body.user.id, values.text(F.column, I) ?? '', values.text(F.text, I) ?? '');
    } catch (err) {
      if (err instanceof RetroError) return ack({ response_action: 'errors', errors: { [F.text]: err.message } });
      throw err;
    }
    await ack();
    await showBoard(retroId);
  });

  // Next phase and Close share their shape: "<retroId>:<phase the board showed>".
  const facilitatorButton = (move: (retroId: number, userId: string, from: z.infer<typeof phase>, organiser: boolean) => Promise<unknown>) =>
    async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
      await ack();
      const [id, from] = (action.value ?? '').split(':');
      const retroId = Number(id);
      try {
        await move(retroId, body.user.id, phase.parse(from), await isOrganiser(body.team?.id, body.channel?.id, body.user.id));
        await showBoard(retroId);
      } catch (err) {
        await respond(ephemeral(errorText(err, deps.logger, { retroId, userId: body.user.id })));
      }
    };
  app.action<BlockButtonAction>(RETRO_NEXT_PHASE_ACTION, facilitatorButton((id, user, from, organiser) => deps.retros.advance(id, user, from, organiser)));
  app.action<BlockButtonAction>(RETRO_CLOSE_ACTION, facilitatorButton((id, user, from, organiser) => deps.retros.close(id, user, from, organiser)));

  app.action<BlockButtonAction>(RETRO_HANDOVER_ACTION, async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const board = await deps.retros.board(Number(action.value));
    if (board.facilitatorId !== body.user.id && !(await isOrganiser(body.team?.id, body.channel?.id, body.user.id))) {
      await respond(ephemeral(`Only the facilitator, <@${board.facilitatorId}>, or an organiser can hand the retro over.`));
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: handOverModal(board.id, board.facilitatorId) });
  });

  app.view<ViewSubmitAction>(RETRO_HANDOVER_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = readMetadata(retroMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.facilitator]: STALE_FORM } });
    const to = ViewValues.parse(view.state.values).text(F.facilitator, I) ?? '';
    try {
      const board = await deps.retros.board(metadata.retroId);
      await deps.retros.handOver(metadata.retroId, body.user.id, to, await isOrganiser(board.teamId, board.channelId, body.user.id));
    } catch (err) {
      return ack({ response_action: 'errors', errors: { [F.facilitator]: errorText(err, deps.logger, { retroId: metadata.retroId, userId: body.user.id }) } });
    }
    await ack();
    await showBoard(metadata.retroId);
  });

  app.action<BlockButtonAction>(RETRO_ADD_ACTION_ACTION, async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: actionItemModal(Number(action.value)) });
  });

  app.view<ViewSubmitAction>(RETRO_ACTION_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = ViewValues.parse(view.state.values);
    const metadata = readMetadata(retroMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.text]: STALE_FORM } });
    const { retroId } = metadata;
    try {
      await deps.retros.addAction(retroId, body.user.id, {
        text: values.text(F.text, I) ?? '',
        ownerId: values.text(F.owner, I) ?? '',
        dueDate: values.text(F.due, I),
        today: today(now()),
      });
    } catch (err) {
      if (err instanceof RetroError) return ack({ response_action: 'errors', errors: { [/due date/.test(err.message) ? F.due : /owns/.test(err.message) ? F.owner : F.text]: err.message } });
      throw err;
    }
    await ack();
    await showBoard(retroId);
  });

  app.action<BlockOverflowAction>(RETRO_VOTE_ACTION, async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs) => {
    await ack();
    const [direction, retro, item] = action.selected_option.value.split(':');
    try {
      const { votesLeft } = await deps.retros.vote(Number(retro), body.user.id, Number(item), direction === 'remove' ? 'remove' : 'add');
      await respond(ephemeral(`Counted. You have ${votesLeft} vote${votesLeft === 1 ? '' : 's'} left.`));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.logger, { item, userId: body.user.id })));
    }
  });

  app.action<BlockOverflowAction>(RETRO_THREAD_ACTION, async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs) => {
    await ack();
    const [retro, item] = action.selected_option.value.split(':').map(Number);
    try {
      await deps.retros.openThread(retro ?? 0, item ?? 0);
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.logger, { item, userId: body.user.id })));
    }
  });

  // Review an earlier action item, from a board ("<decision>:<retroId>:<actionId>") or from
  // `/retro actions` (retroId 0: no retro is reviewing it).
  app.action<BlockOverflowAction>(RETRO_REVIEW_ACTION, async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs) => {
    await ack();
    const [decision, retro, actionId] = action.selected_option.value.split(':');
    const inRetroId = Number(retro) || undefined;
    try {
      const organiser = await isOrganiser(body.team?.id, body.channel?.id, body.user.id);
      const reviewed = await deps.retros.reviewAction(Number(actionId), body.user.id, z.enum(['done', 'drop', 'carry']).parse(decision), { ...(inRetroId ? { inRetroId } : {}), isOrganiser: organiser, today: today(now()) });
      if (inRetroId) await showBoard(inRetroId);
      const verb = reviewed.status === 'carried' ? 'carried over into this retro' : reviewed.status;
      await respond(ephemeral(`"${reviewed.text.slice(0, 200)}" is ${verb}.`));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.logger, { actionId, userId: body.user.id })));
    }
  });

  app.view<ViewSubmitAction>(RETRO_SCHEDULE_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = readMetadata(startMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.title]: STALE_FORM } });
    const values = ViewValues.parse(view.state.values);
    const request: RetroScheduleRequest = {
      teamId: body.team?.id ?? '',
      channelId: metadata.channelId,
      userId: body.user.id,
      title: values.text(F.title, I) ?? '',
      every: Number(values.text(F.every, I) ?? '4'),
      weekday: z.enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']).catch('th').parse(values.text(F.weekday, I)),
      time: values.text(F.time, I) ?? '',
      timeZone: values.text(F.timeZone, I)?.trim() ?? '',
      formatId: values.text(F.format, I) ?? 'tanzu',
      ...(values.text(F.columns, I) ? { customColumns: values.text(F.columns, I) } : {}),
      anonymity: z.enum(['named', 'anonymous_items', 'anonymous_all']).catch('named').parse(values.text(F.anonymity, I)),
      voteBudget: Number(values.text(F.budget, I) ?? '3'),
    };
    const problems = checkRetroSchedule(request);
    if (problems.length) return ack({ response_action: 'errors', errors: Object.fromEntries(problems.map((p) => [F[p.field], p.problem])) });
    try {
      const schedule = await deps.scheduleRetros(request);
      await ack();
      const next = schedule.nextRunAt ? ` The first one starts <!date^${Math.floor(schedule.nextRunAt.getTime() / 1000)}^{date_long_pretty} at {time}|${schedule.nextRunAt.toISOString()}>.` : '';
      await deps.outbox.send({ key: `retro:schedule:${schedule.id}:created`, to: { channel: metadata.channelId }, text: `<@${body.user.id}> scheduled retros here: ${schedule.description} (schedule #${schedule.id}).${next} \`/guild schedules\` pauses or cancels them.` });
    } catch (err) {
      return ack({ response_action: 'errors', errors: { [F.title]: errorText(err, deps.logger, { userId: body.user.id }) } });
    }
  });

  // Replies in a discussion thread become the item's notes.
  app.event('message', async ({ event }: SlackEventMiddlewareArgs<'message'>) => {
    if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts || !event.user || event.bot_id) return;
    const retroId = await deps.retros.addNote({ channelId: event.channel, threadTs: event.thread_ts, messageTs: event.ts, userId: event.user, text: event.text ?? '' });
    if (retroId) await showBoard(retroId);
  });
}
