import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  BlockOverflowAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CommunityService } from '../../community/community.service';
import type { Outbox } from '../../community/outbox';
import { errorText } from '../../slack/reply-errors';
import { readMetadata, ViewValues } from '../../slack/view-state';
import { retroFormat } from './retro.formats';
import { RetroError, type RetroService } from './retro.service';
import {
  actionItemModal,
  addItemModal,
  openActionsMessage,
  RETRO_ACTION_CALLBACK,
  RETRO_ADD_ACTION_ACTION,
  boardMessage,
  RETRO_ADD_ITEM_ACTION,
  RETRO_FIELDS as F,
  RETRO_INPUT as I,
  RETRO_ITEM_CALLBACK,
  RETRO_NEXT_PHASE_ACTION,
  RETRO_START_CALLBACK,
  RETRO_VOTE_ACTION,
  startModal,
} from './retro.views';
import { validateVoteRules } from './retro.voting';

export interface RetroDeps {
  retros: RetroService;
  community: CommunityService;
  outbox: Outbox & { update(key: string, content: { text: string; blocks?: KnownBlock[] }): Promise<void> };
  logger: Logger;
}

const RETRO_HELP = 'Run `/retro` to pick a format, anonymity and vote budget, or `/retro <title>` to start at once with happy / meh / sad, named items and 3 votes each. The board appears in the channel; everyone adds items, then the facilitator reveals them, opens voting, and leads the discussion, where action items get an owner and a due date. `/retro actions` lists the open action items of this channel\'s retros.';
const boardKey = (retroId: number) => `retro:${retroId}:board`;
const startMetadata = z.object({ channelId: z.string() });
const itemMetadata = z.object({ retroId: z.number().int() });
const STALE_FORM = 'This form is out of date. Close it and open it again from the board.';

/** `/retro` and its board: listeners ack, parse, call the retro service, and refresh the board. */
export function registerRetro(app: App, deps: RetroDeps): void {
  const showBoard = async (retroId: number, channelId?: string) => {
    const message = boardMessage(await deps.retros.board(retroId));
    if (channelId) await deps.outbox.send({ key: boardKey(retroId), to: { channel: channelId }, ...message });
    else await deps.outbox.update(boardKey(retroId), message);
  };

  app.command('/retro', async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const text = command.text.trim();
    if (text === 'help') return ack({ response_type: 'ephemeral', text: RETRO_HELP });
    if (text === 'actions') {
      await ack();
      await respond({ response_type: 'ephemeral', ...openActionsMessage(await deps.retros.openActions(command.team_id, command.channel_id)) });
      return;
    }
    if (command.channel_id.startsWith('D')) return ack({ response_type: 'ephemeral', text: 'Run `/retro` in the channel the retro is for, not in a direct message.' });
    await ack();
    try {
      if (!text) {
        await client.views.open({ trigger_id: command.trigger_id, view: startModal(command.channel_id) });
        return;
      }
      const { id } = await deps.retros.start({ teamId: command.team_id, channelId: command.channel_id, title: text, formatId: 'tanzu', anonymity: 'named', startedBy: command.user_id });
      await showBoard(id, command.channel_id);
    } catch (err) {
      await respond({ response_type: 'ephemeral', text: errorText(err, deps.logger, { command: '/retro', userId: command.user_id }) });
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
    const errors: Record<string, string> = {};
    if (!title) errors[F.title] = 'Give the retro a title.';
    const format = retroFormat(formatId, columns);
    if (!format.ok) errors[formatId === 'custom' ? F.columns : F.format] = format.problem;
    const rules = validateVoteRules(budget);
    if (!rules.ok) errors[F.budget] = rules.problem;
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
    await ack();
    const anonymity = z.enum(['named', 'anonymous_items', 'anonymous_all']).catch('named').parse(values.text(F.anonymity, I));
    try {
      const started = await deps.retros.start({ teamId: body.team?.id ?? '', channelId, title, formatId, customColumns: columns, anonymity, voteBudget: budget, startedBy: body.user.id });
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
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Items can only be added while the retro is collecting them.' });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: addItemModal(board) });
  });

  app.view<ViewSubmitAction>(RETRO_ITEM_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = ViewValues.parse(view.state.values);
    const metadata = readMetadata(itemMetadata, view.private_metadata);
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

  app.action<BlockButtonAction>(RETRO_NEXT_PHASE_ACTION, async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const [id, from] = (action.value ?? '').split(':');
    const retroId = Number(id);
    try {
      const organiser = await deps.community.isOrganiserIn({ teamId: body.team?.id ?? '', channelId: body.channel?.id ?? '' }, body.user.id);
      await deps.retros.advance(retroId, body.user.id, z.enum(['collect', 'reveal', 'vote', 'discuss', 'closed']).parse(from), organiser);
      await showBoard(retroId);
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorText(err, deps.logger, { retroId, userId: body.user.id }) });
    }
  });

  app.action<BlockButtonAction>(RETRO_ADD_ACTION_ACTION, async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: actionItemModal(Number(action.value)) });
  });

  app.view<ViewSubmitAction>(RETRO_ACTION_CALLBACK, async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = ViewValues.parse(view.state.values);
    const metadata = readMetadata(itemMetadata, view.private_metadata);
    if (!metadata) return ack({ response_action: 'errors', errors: { [F.text]: STALE_FORM } });
    const { retroId } = metadata;
    try {
      await deps.retros.addAction(retroId, body.user.id, {
        text: values.text(F.text, I) ?? '',
        ownerId: values.text(F.owner, I) ?? '',
        dueDate: values.text(F.due, I),
        today: new Date().toISOString().slice(0, 10),
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
      await respond({ response_type: 'ephemeral', replace_original: false, text: `Counted. You have ${votesLeft} vote${votesLeft === 1 ? '' : 's'} left.` });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorText(err, deps.logger, { item, userId: body.user.id }) });
    }
  });
}
