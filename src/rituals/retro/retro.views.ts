import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { RETRO_FORMATS } from './retro.formats';
import type { RetroBoard } from './retro.service';

export const RETRO_START_CALLBACK = 'retro_start';
export const RETRO_ITEM_CALLBACK = 'retro_item';
export const RETRO_ADD_ITEM_ACTION = 'retro_add_item';
export const RETRO_NEXT_PHASE_ACTION = 'retro_next_phase';
export const RETRO_VOTE_ACTION = 'retro_vote';
export const RETRO_ADD_ACTION_ACTION = 'retro_add_action';
export const RETRO_ACTION_CALLBACK = 'retro_action';
/** Block and action ids of the forms' inputs. */
export const RETRO_FIELDS = { title: 'title', format: 'format', columns: 'columns', anonymity: 'anonymity', budget: 'budget', column: 'column', text: 'text', owner: 'owner', due: 'due' } as const;
export const RETRO_INPUT = 'value';

const PHASE_TITLES = { collect: 'Collecting items', reveal: 'Items revealed', vote: 'Voting', discuss: 'Discussing', closed: 'Closed' } as const;
const NEXT_LABEL = { collect: 'Reveal items', reveal: 'Start voting', vote: 'Discuss', discuss: 'Close retro', closed: undefined } as const;
/** A message holds at most 50 blocks; the board keeps room for its header and buttons. */
const ITEMS_SHOWN = 40;

/** The one board message of a retro, updated in place as it moves through its phases. */
export function boardMessage(board: RetroBoard): { text: string; blocks: KnownBlock[] } {
  const counts = board.columns.map((c) => `${c.emoji} ${c.title}: ${c.count}`).join('   ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Retro: ${board.title}`.slice(0, 150) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*${PHASE_TITLES[board.phase]}* · facilitated by <@${board.facilitatorId}>${board.anonymous ? ' · anonymous' : ''} · ${board.contributors} contributor${board.contributors === 1 ? '' : 's'}` }],
    },
    { type: 'section', text: { type: 'mrkdwn', text: counts } },
  ];
  const columnOf = new Map(board.columns.map((c) => [c.key, c]));
  for (const item of board.items.slice(0, ITEMS_SHOWN)) {
    const column = columnOf.get(item.column);
    const votes = board.phase === 'discuss' || board.phase === 'closed' ? ` · *${item.votes}* vote${item.votes === 1 ? '' : 's'}` : '';
    const by = item.authorId ? ` · <@${item.authorId}>` : '';
    const section: KnownBlock = { type: 'section', block_id: `retro_item_${item.id}`, text: { type: 'mrkdwn', text: `${column?.emoji ?? ''} ${item.text.slice(0, 2900)}${by}${votes}` } };
    if (board.phase === 'vote') {
      section.accessory = {
        type: 'overflow',
        action_id: RETRO_VOTE_ACTION,
        options: [
          { text: { type: 'plain_text', text: '+1 vote' }, value: `add:${board.id}:${item.id}` },
          { text: { type: 'plain_text', text: 'Take back a vote' }, value: `remove:${board.id}:${item.id}` },
        ],
      };
    }
    blocks.push(section);
  }
  if (board.items.length > ITEMS_SHOWN) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${board.items.length - ITEMS_SHOWN} more items.` }] });
  if (board.actions.length > 0) {
    const lines = board.actions.map((a) => `• ${a.text.slice(0, 300)} — <@${a.ownerId}>${a.dueDate ? `, due ${a.dueDate}` : ''}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Action items*\n${lines.join('\n')}`.slice(0, 2990) } });
  }
  const buttons = [];
  if (board.phase === 'discuss') buttons.push({ type: 'button' as const, action_id: RETRO_ADD_ACTION_ACTION, text: { type: 'plain_text' as const, text: 'Add an action item' }, value: String(board.id) });
  if (board.phase === 'collect') buttons.push({ type: 'button' as const, action_id: RETRO_ADD_ITEM_ACTION, text: { type: 'plain_text' as const, text: 'Add an item' }, value: String(board.id), style: 'primary' as const });
  const next = NEXT_LABEL[board.phase];
  if (next) buttons.push({ type: 'button' as const, action_id: RETRO_NEXT_PHASE_ACTION, text: { type: 'plain_text' as const, text: next }, value: `${board.id}:${board.phase}` });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  if (board.phase === 'vote') blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Each person has ${board.voteBudget} votes: use the ⋯ menu beside an item.` }] });
  return { text: `Retro "${board.title}": ${PHASE_TITLES[board.phase]}. ${counts}`, blocks };
}

const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text }, value });

/** `/retro` with no title: the form to start one. */
export function startModal(channelId: string): ModalView {
  const formats = [...Object.values(RETRO_FORMATS).map((f) => option(f.id, f.name)), option('custom', 'Custom columns')];
  const anonymity = [option('named', 'Named'), option('anonymous_items', 'Anonymous items'), option('anonymous_all', 'Anonymous items and votes')];
  return {
    type: 'modal',
    callback_id: RETRO_START_CALLBACK,
    private_metadata: JSON.stringify({ channelId }),
    title: { type: 'plain_text', text: 'Start a retro' },
    submit: { type: 'plain_text', text: 'Start' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: RETRO_FIELDS.title, label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 150 } },
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
    ],
  };
}

/** The form to add an item to a column. */
export function addItemModal(board: RetroBoard): ModalView {
  const columns = board.columns.map((c) => option(c.key, c.title));
  return {
    type: 'modal',
    callback_id: RETRO_ITEM_CALLBACK,
    private_metadata: JSON.stringify({ retroId: board.id }),
    title: { type: 'plain_text', text: 'Add an item' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: RETRO_FIELDS.column, label: { type: 'plain_text', text: 'Column' }, element: { type: 'static_select', action_id: RETRO_INPUT, options: columns, ...(columns[0] ? { initial_option: columns[0] } : {}) } },
      {
        type: 'input',
        block_id: RETRO_FIELDS.text,
        label: { type: 'plain_text', text: 'Item' },
        hint: { type: 'plain_text', text: 'Up to 3,000 characters.' },
        element: { type: 'plain_text_input', action_id: RETRO_INPUT, multiline: true },
      },
      ...(board.anonymous ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: 'This retro is anonymous: nobody, organisers included, can see who added what.' }] }] : []),
    ],
  };
}

/** The form to record an action item: what, who, by when. */
export function actionItemModal(retroId: number): ModalView {
  return {
    type: 'modal',
    callback_id: RETRO_ACTION_CALLBACK,
    private_metadata: JSON.stringify({ retroId }),
    title: { type: 'plain_text', text: 'Add an action item' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: RETRO_FIELDS.text, label: { type: 'plain_text', text: 'What is to be done' }, element: { type: 'plain_text_input', action_id: RETRO_INPUT, max_length: 500 } },
      { type: 'input', block_id: RETRO_FIELDS.owner, label: { type: 'plain_text', text: 'Owner' }, element: { type: 'users_select', action_id: RETRO_INPUT } },
      { type: 'input', block_id: RETRO_FIELDS.due, optional: true, label: { type: 'plain_text', text: 'Due' }, element: { type: 'datepicker', action_id: RETRO_INPUT } },
    ],
  };
}

export function openActionsMessage(actions: { text: string; ownerId: string; dueDate?: string; retroTitle: string }[]): { text: string } {
  if (actions.length === 0) return { text: 'No open action items from retros in this channel.' };
  const lines = actions.map((a) => `• ${a.text} — <@${a.ownerId}>${a.dueDate ? `, due ${a.dueDate}` : ''} _(${a.retroTitle})_`);
  return { text: `*Open action items*\n${lines.join('\n')}` };
}
