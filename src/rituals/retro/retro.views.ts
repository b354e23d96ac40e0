import type { Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip, clipMrkdwn, escapeMrkdwn, MESSAGE_TEXT_MAX, mrkdwnText } from '../../slack/kit/text';
import { RETRO_FORMATS } from './retro.formats';
import type { HistoryEntry, OwnedAction, RetroBoard } from './retro.service';

import {
  actionValue,
  phaseValue,
  retroValue,
  reviewValue,
  RETRO_ACTION_CALLBACK,
  RETRO_ADD_ACTION_ACTION,
  RETRO_ADD_ITEM_ACTION,
  RETRO_CLOSE_ACTION,
  RETRO_FIELDS,
  RETRO_HANDOVER_ACTION,
  RETRO_HANDOVER_CALLBACK,
  RETRO_HOME_DONE_ACTION,
  RETRO_INPUT,
  RETRO_ITEM_CALLBACK,
  RETRO_NEXT_PHASE_ACTION,
  RETRO_REVIEW_ACTION,
  RETRO_SCHEDULE_CALLBACK,
  RETRO_START_CALLBACK,
  RETRO_THREAD_ACTION,
  RETRO_VOTE_ACTION,
  threadValue,
  voteValue,
} from './retro.ids';

// The ids live beside their codecs in retro.ids.ts; re-exported for the views' readers.
export * from './retro.ids';

const PHASE_TITLES = { collect: 'Collecting items', reveal: 'Items revealed', vote: 'Voting', discuss: 'Discussing', closed: 'Closed' } as const;
const NEXT_LABEL = { collect: 'Reveal items', reveal: 'Start voting', vote: 'Discuss', discuss: 'Close retro', closed: undefined } as const;
/** A message holds at most 50 blocks. */
const MAX_BLOCKS = 50;
const REVIEW_SHOWN = 8;
const REVIEW_LABEL = { open: '', done: ' · :white_check_mark: done', dropped: ' · dropped', carried: ' · carried over' } as const;
/** The same, on the board of the retro that agreed the item: carried means carried on into a later one. */
const ACTION_LABEL = { ...REVIEW_LABEL, carried: ' · carried into a later retro' } as const;
/**
 * How much of each person-typed text a view shows, counted escaped (mrkdwn) or as is (plain_text).
 * Titles are at most 150 characters and column titles 30 (see the service and retro.formats), so
 * these only cut what validation let through at its longest, or text full of `&`, `<`, `>`.
 */
const SHOWN = { title: 150, titleAside: 80, column: 150, item: 2800, action: 300, option: 75 } as const;
/** A block_id's revision part: short enough that every id stays far below Slack's 255. */
const REVISION_MAX = 64;

const when = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The one board message of a retro, updated in place as it moves through its phases.
 *
 * Slack asks for a new block_id on each iteration of a message (its state is keyed by them), so
 * every block_id ends in `.r<revision>`. Pass the edit's number (the outbox's version of the
 * message) when there is one; without it the revision is a hash of the board, which changes
 * whenever what the board shows does.
 */
export function boardMessage(board: RetroBoard, revision: number | string = boardRevision(board)): { text: string; blocks: KnownBlock[] } {
  const rev = String(revision).replace(/[^A-Za-z0-9_-]/g, '').slice(0, REVISION_MAX) || boardRevision(board);
  const blockId = (base: string) => `${base}.r${rev}`;
  const counts = board.columns.map((c) => `${c.emoji} ${mrkdwnText(c.title, SHOWN.column)}: ${c.count}`).join('   ');
  const head = boardHead(board, counts);
  const review = reviewBlocks(board, blockId);
  const tail = boardTail(board);
  // Items fill whatever room the 50-block limit leaves, keeping one block for "…and N more".
  const room = MAX_BLOCKS - head.length - review.length - tail.length - 1;
  const shown = board.items.slice(0, Math.max(0, room));
  const columnOf = new Map(board.columns.map((c) => [c.key, c]));
  const items: KnownBlock[] = shown.map((item) => itemBlock(board, item, columnOf.get(item.column)?.emoji ?? '', blockId));
  const hidden = Math.max(board.itemCount, board.items.length) - shown.length;
  if (hidden > 0) items.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more items. \`/retro export\` has them all once the retro closes.` }] });
  return { text: `Retro "${mrkdwnText(board.title, SHOWN.title)}": ${PHASE_TITLES[board.phase]}. ${counts}`, blocks: [...head, ...review, ...items, ...tail] };
}

/** The title, what the retro is doing and by whom, and the count per column. */
function boardHead(board: RetroBoard, counts: string): KnownBlock[] {
  const facts = [`*${PHASE_TITLES[board.phase]}*`, `facilitated by <@${board.facilitatorId}>`];
  if (board.anonymous) facts.push('anonymous');
  facts.push(plural(board.contributors, 'contributor'));
  if (board.phase === 'collect' && board.revealThreshold) facts.push(`items show once ${board.revealThreshold} people have added one`);
  if (board.phase === 'collect' && board.collectUntil) facts.push(`collecting until ${when(board.collectUntil)}`);
  if ((board.phase === 'collect' || board.phase === 'reveal' || board.phase === 'vote') && board.voteUntil) facts.push(`voting until ${when(board.voteUntil)}`);
  return [
    { type: 'header', text: { type: 'plain_text', text: clip(`Retro: ${board.title}`, 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: facts.join(' · ') }] },
    { type: 'section', text: { type: 'mrkdwn', text: counts } },
  ];
}

/** Earlier retros' action items this retro goes over, each with done / carry over / drop. */
function reviewBlocks(board: RetroBoard, blockId: (base: string) => string): KnownBlock[] {
  if (board.review.length === 0) return [];
  const review: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: '*From earlier retros*: done, carry over, or drop?' } }];
  for (const a of board.review.slice(0, REVIEW_SHOWN)) {
    const section: KnownBlock = { type: 'section', block_id: blockId(`retro_review_${a.id}`), text: { type: 'mrkdwn', text: `${actionLine(a)} _(${mrkdwnText(a.retroTitle, SHOWN.titleAside)})_${REVIEW_LABEL[a.status]}` } };
    if (a.status === 'open' && board.phase !== 'closed') {
      const decide = (decision: 'done' | 'carry' | 'drop', label: string) => option(reviewValue.encode({ decision, inRetroId: board.id, actionId: a.id }), label);
      section.accessory = { type: 'overflow', action_id: RETRO_REVIEW_ACTION, options: [decide('done', 'Done'), decide('carry', 'Carry over'), decide('drop', 'Drop')] };
    }
    review.push(section);
  }
  if (board.review.length > REVIEW_SHOWN) review.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${board.review.length - REVIEW_SHOWN} more: \`/retro actions\` lists them all.` }] });
  return review;
}

/** The action items, the buttons of this phase, and what to do now. */
function boardTail(board: RetroBoard): KnownBlock[] {
  const tail: KnownBlock[] = [];
  if (board.actions.length > 0) {
    const lines = board.actions.map((a) => `• ${actionLine(a)}${a.carried ? ' _(carried over)_' : ''}${ACTION_LABEL[a.status]}`);
    tail.push({ type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(`*Action items*\n${lines.join('\n')}`, 2990) } });
  }
  const buttons = phaseButtons(board);
  if (buttons.length) tail.push({ type: 'actions', elements: buttons });
  if (board.phase === 'vote') {
    const cap = board.perItemCap < board.voteBudget ? `, at most ${board.perItemCap} on one item` : '';
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Each person has ${plural(board.voteBudget, 'vote')}${cap}: use the ⋯ menu beside an item.` }] });
  }
  if (board.phase === 'discuss') tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'The most-voted items have a thread in the channel for notes; the ⋯ menu opens one for any other item.' }] });
  return tail;
}

function phaseButtons(board: RetroBoard): Button[] {
  const button = (action_id: string, text: string, value: string): Button => ({ type: 'button', action_id, text: { type: 'plain_text', text }, value });
  const buttons: Button[] = [];
  if (board.phase === 'collect') buttons.push({ ...button(RETRO_ADD_ITEM_ACTION, 'Add an item', retroValue.encode({ retroId: board.id })), style: 'primary' });
  if (board.phase === 'discuss') buttons.push(button(RETRO_ADD_ACTION_ACTION, 'Add an action item', retroValue.encode({ retroId: board.id })));
  const next = NEXT_LABEL[board.phase];
  if (next) buttons.push(button(RETRO_NEXT_PHASE_ACTION, next, phaseValue.encode({ retroId: board.id, from: board.phase })));
  if (board.phase !== 'closed' && board.phase !== 'discuss') {
    const plain = (text: string) => ({ type: 'plain_text' as const, text });
    buttons.push({
      ...button(RETRO_CLOSE_ACTION, 'Close', phaseValue.encode({ retroId: board.id, from: board.phase })),
      confirm: { title: plain('Close the retro?'), text: plain('Nothing more can be added or voted on.'), confirm: plain('Close it'), deny: plain('Keep it open') },
    });
  }
  if (board.phase !== 'closed') buttons.push(button(RETRO_HANDOVER_ACTION, 'Hand over', retroValue.encode({ retroId: board.id })));
  return buttons;
}

/** FNV-1a over what the board shows: the same board gives the same revision, any change another. */
function boardRevision(board: RetroBoard): string {
  const shown = JSON.stringify(board);
  let hash = 0x811c9dc5;
  for (let i = 0; i < shown.length; i++) hash = Math.imul(hash ^ shown.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function actionLine(a: { text: string; ownerId: string; dueDate?: string }): string {
  return `${mrkdwnText(a.text, SHOWN.action)} — <@${a.ownerId}>${a.dueDate ? `, due ${a.dueDate}` : ''}`;
}

function itemBlock(board: RetroBoard, item: RetroBoard['items'][number], emoji: string, blockId: (base: string) => string): KnownBlock {
  const discussing = board.phase === 'discuss' || board.phase === 'closed';
  const votes = discussing ? ` · *${item.votes}* vote${item.votes === 1 ? '' : 's'}` : '';
  const notes = item.notes ? ` · ${plural(item.notes, 'note')}` : '';
  const by = item.authorId ? ` · <@${item.authorId}>` : '';
  const section: KnownBlock = { type: 'section', block_id: blockId(`retro_item_${item.id}`), text: { type: 'mrkdwn', text: `${emoji} ${mrkdwnText(item.text, SHOWN.item)}${by}${votes}${notes}` } };
  if (board.phase === 'vote') {
    section.accessory = {
      type: 'overflow',
      action_id: RETRO_VOTE_ACTION,
      options: [option(voteValue.encode({ direction: 'add', retroId: board.id, itemId: item.id }), '+1 vote'), option(voteValue.encode({ direction: 'remove', retroId: board.id, itemId: item.id }), 'Take back a vote')],
    };
  }
  if (board.phase === 'discuss') section.accessory = { type: 'overflow', action_id: RETRO_THREAD_ACTION, options: [option(threadValue.encode({ retroId: board.id, itemId: item.id }), 'Discuss in a thread')] };
  return section;
}

const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text }, value });

/** A retro form: its callback, the context it carries, its title and submit label, its inputs. */
function form(callbackId: string, metadata: Record<string, unknown>, title: string, submit: string, blocks: ModalView['blocks']): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** How a retro is set up, in both the start form and the schedule form: format, columns, anonymity, votes. */
function setupInputs(): ModalView['blocks'] {
  const formats = [...Object.values(RETRO_FORMATS).map((f) => option(f.id, f.name)), option('custom', 'Custom columns')];
  const anonymity = [option('named', 'Named'), option('anonymous_items', 'Anonymous items'), option('anonymous_all', 'Anonymous items and votes')];
  return [
    { type: 'input', block_id: RETRO_FIELDS.format, label: { type: 'plain_text', text: 'Format' }, element: { type: 'static_select', action_id: RETRO_INPUT, options: formats, initial_option: formats[0] } },
    {
      type: 'input',
      block_id: RETRO_FIELDS.columns,
      optional: true,
      label: { type: 'plain_text', text: 'Custom columns' },
      hint: { type: 'plain_text', text: 'For a custom format: 2 to 6 titles, separated by commas.' },
      element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 200 },
    },
    { type: 'input', block_id: RETRO_FIELDS.anonymity, label: { type: 'plain_text', text: 'Anonymity' }, element: { type: 'radio_buttons', action_id: RETRO_INPUT, options: anonymity, initial_option: anonymity[0] } },
    { type: 'input', block_id: RETRO_FIELDS.budget, label: { type: 'plain_text', text: 'Votes per person' }, element: { type: 'number_input', action_id: RETRO_INPUT, is_decimal_allowed: false, min_value: '1', max_value: '20', initial_value: '3' } },
  ];
}

/** `/retro` with no title: the form to start one. */
export function startModal(channelId: string): ModalView {
  return form(RETRO_START_CALLBACK, { channelId }, 'Start a retro', 'Start', [
    { type: 'input', block_id: RETRO_FIELDS.title, label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 150 } },
    ...setupInputs(),
    {
      type: 'input',
      block_id: RETRO_FIELDS.cap,
      optional: true,
      label: { type: 'plain_text', text: 'Most votes one person may put on one item' },
      hint: { type: 'plain_text', text: 'Empty: no limit beyond the votes per person.' },
      element: { type: 'number_input', action_id: RETRO_INPUT, is_decimal_allowed: false, min_value: '1', max_value: '20' },
    },
    {
      type: 'input',
      block_id: RETRO_FIELDS.threshold,
      optional: true,
      label: { type: 'plain_text', text: 'Reveal items once this many people have added one' },
      hint: { type: 'plain_text', text: 'Keeps a lone contributor from standing out in an anonymous retro.' },
      element: { type: 'number_input', action_id: RETRO_INPUT, is_decimal_allowed: false, min_value: '1', max_value: '100' },
    },
    { type: 'header', text: { type: 'plain_text', text: 'Async retro (optional)' } },
    { type: 'input', block_id: RETRO_FIELDS.collectUntil, optional: true, label: { type: 'plain_text', text: 'Collect items until' }, hint: { type: 'plain_text', text: 'Then the items are revealed and voting opens by itself.' }, element: { type: 'datetimepicker', action_id: RETRO_INPUT } },
    { type: 'input', block_id: RETRO_FIELDS.voteUntil, optional: true, label: { type: 'plain_text', text: 'Voting closes at' }, hint: { type: 'plain_text', text: 'Then the discussion starts, with threads for the most-voted items.' }, element: { type: 'datetimepicker', action_id: RETRO_INPUT } },
  ]);
}

/** The facilitator passes the retro on. */
export function handOverModal(retroId: number, facilitatorId: string): ModalView {
  return form(RETRO_HANDOVER_CALLBACK, { retroId }, 'Hand the retro over', 'Hand over', [
    { type: 'section', text: { type: 'mrkdwn', text: `<@${facilitatorId}> facilitates now. The new facilitator moves the phases on and closes the retro.` } },
    { type: 'input', block_id: RETRO_FIELDS.facilitator, label: { type: 'plain_text', text: 'New facilitator' }, element: { type: 'users_select', action_id: RETRO_INPUT } },
  ]);
}

const WEEKDAY_NAMES = [['mo', 'Monday'], ['tu', 'Tuesday'], ['we', 'Wednesday'], ['th', 'Thursday'], ['fr', 'Friday'], ['sa', 'Saturday'], ['su', 'Sunday']] as const;

/** `/retro schedule`: a community retro every N weeks at a local time. */
export function scheduleModal(channelId: string, timeZone: string): ModalView {
  const days = WEEKDAY_NAMES.map(([value, name]) => option(value, name));
  const every = [1, 2, 3, 4, 6, 8].map((n) => option(String(n), n === 1 ? 'Every week' : `Every ${n} weeks`));
  return form(RETRO_SCHEDULE_CALLBACK, { channelId }, 'Schedule retros', 'Schedule', [
    { type: 'input', block_id: RETRO_FIELDS.title, label: { type: 'plain_text', text: 'Title' }, hint: { type: 'plain_text', text: 'Each retro gets its date added.' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 120, initial_value: 'Community retro' } },
    { type: 'input', block_id: RETRO_FIELDS.every, label: { type: 'plain_text', text: 'How often' }, element: { type: 'static_select', action_id: RETRO_INPUT, options: every, initial_option: every[3] } },
    { type: 'input', block_id: RETRO_FIELDS.weekday, label: { type: 'plain_text', text: 'Day' }, element: { type: 'static_select', action_id: RETRO_INPUT, options: days, initial_option: days[3] } },
    { type: 'input', block_id: RETRO_FIELDS.time, label: { type: 'plain_text', text: 'Time' }, element: { type: 'timepicker', action_id: RETRO_INPUT, initial_time: '15:00' } },
    { type: 'input', block_id: RETRO_FIELDS.timeZone, label: { type: 'plain_text', text: 'Time zone' }, hint: { type: 'plain_text', text: 'An IANA name such as Europe/Berlin or America/New_York.' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, initial_value: clip(timeZone, 64), max_length: 64 } },
    ...setupInputs(),
  ]);
}

/** The form to add an item to a column. */
export function addItemModal(board: RetroBoard): ModalView {
  const columns = board.columns.map((c) => option(c.key, clip(c.title, SHOWN.option)));
  return form(RETRO_ITEM_CALLBACK, { retroId: board.id }, 'Add an item', 'Add', [
    { type: 'input', block_id: RETRO_FIELDS.column, label: { type: 'plain_text', text: 'Column' }, element: { type: 'static_select', action_id: RETRO_INPUT, options: columns, ...(columns[0] ? { initial_option: columns[0] } : {}) } },
    {
      type: 'input',
      block_id: RETRO_FIELDS.text,
      label: { type: 'plain_text', text: 'Item' },
      hint: { type: 'plain_text', text: 'Up to 3,000 characters.' },
      element: { type: 'plain_text_input', action_id: RETRO_INPUT, multiline: true },
    },
    ...(board.anonymous ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: 'This retro is anonymous: nobody, organisers included, can see who added what.' }] }] : []),
  ]);
}

/** The form to record an action item: what, who, by when. */
export function actionItemModal(retroId: number): ModalView {
  return form(RETRO_ACTION_CALLBACK, { retroId }, 'Add an action item', 'Add', [
    { type: 'input', block_id: RETRO_FIELDS.text, label: { type: 'plain_text', text: 'What is to be done' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 500 } },
    { type: 'input', block_id: RETRO_FIELDS.owner, label: { type: 'plain_text', text: 'Owner' }, element: { type: 'users_select', action_id: RETRO_INPUT } },
    { type: 'input', block_id: RETRO_FIELDS.due, optional: true, label: { type: 'plain_text', text: 'Due' }, element: { type: 'datepicker', action_id: RETRO_INPUT } },
  ]);
}

/** `/retro actions`: the channel's open action items, each with a menu to mark it done or dropped. */
export function openActionsMessage(actions: { id: number; text: string; ownerId: string; dueDate?: string; retroTitle: string }[]): { text: string; blocks?: KnownBlock[] } {
  if (actions.length === 0) return { text: 'No open action items from retros in this channel.' };
  const shown = actions.slice(0, MAX_BLOCKS - 2);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*Open action items* (${actions.length})` } }];
  for (const a of shown) {
    blocks.push({
      type: 'section',
      block_id: `retro_open_${a.id}`,
      text: { type: 'mrkdwn', text: `${actionLine(a)} _(${mrkdwnText(a.retroTitle, SHOWN.titleAside)})_` },
      accessory: { type: 'overflow', action_id: RETRO_REVIEW_ACTION, options: [option(reviewValue.encode({ decision: 'done', inRetroId: 0, actionId: a.id }), 'Mark done'), option(reviewValue.encode({ decision: 'drop', inRetroId: 0, actionId: a.id }), 'Drop')] },
    });
  }
  if (actions.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${actions.length - shown.length} more, oldest first.` }] });
  const lines = actions.map((a) => `• ${actionLine(a)} _(${mrkdwnText(a.retroTitle, SHOWN.title)})_`);
  return { text: clipMrkdwn(`*Open action items*\n${lines.join('\n')}`, 3000), blocks };
}

/** How many of a person's open action items their App Home lists (the Home holds 100 blocks in all). */
export const HOME_ACTIONS_SHOWN = 5;

/**
 * The App Home's action items: the person's open ones, where each was agreed and when it is
 * due, each with "Mark done"; nothing when they have none.
 */
export function homeBlocks(open: { actions: OwnedAction[]; total: number }): KnownBlock[] {
  if (open.actions.length === 0) return [];
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your action items' } }];
  for (const a of open.actions.slice(0, HOME_ACTIONS_SHOWN)) {
    const due = a.dueDate ? ` · due ${a.dueDate}` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${mrkdwnText(a.text, SHOWN.action)}\n_${mrkdwnText(a.retroTitle, SHOWN.titleAside)}_ in <#${a.channelId}>${due}` },
      accessory: { type: 'button', action_id: RETRO_HOME_DONE_ACTION, text: { type: 'plain_text', text: 'Mark done' }, value: actionValue.encode({ actionId: a.id }) },
    });
  }
  const more = open.total - Math.min(open.actions.length, HOME_ACTIONS_SHOWN);
  if (more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${more} more: \`/retro actions\` in a retro's channel lists its open ones.` }] });
  return blocks;
}

/** `/retro history`: the channel's closed retros, newest first. */
export function historyMessage(history: { retros: HistoryEntry[]; page: number; pages: number }): { text: string } {
  // Guild's own placeholders (`<title>`) are escaped too: in mrkdwn a bare `<…>` is a link.
  if (history.retros.length === 0) return { text: `No retro has closed in this channel yet. \`/retro ${escapeMrkdwn('<title>')}\` starts one.` };
  const lines = history.retros.map(
    (r) => `• *#${r.id}* ${mrkdwnText(r.title, SHOWN.title)} — closed ${r.closedAt.toISOString().slice(0, 10)}: ${r.participants} ${r.participants === 1 ? 'person' : 'people'}, ${plural(r.items, 'item')}, ${r.actionsDone} of ${plural(r.actions, 'action item')} done`,
  );
  const more = history.page < history.pages ? `\nPage ${history.page} of ${history.pages}: \`/retro history ${history.page + 1}\` for older ones.` : history.pages > 1 ? `\nPage ${history.page} of ${history.pages}.` : '';
  return { text: clipMrkdwn(`*Retros in this channel*\n${lines.join('\n')}${more}\n\`/retro export ${escapeMrkdwn('<number>')} [csv]\` exports one.`, MESSAGE_TEXT_MAX) };
}
