import { isObject, type JsonObject } from './block-kit';

/** A value a person gave; null: they cleared the field (Slack then sends null, not the initial value). */
export type GivenValue = string | string[] | null;
export type GivenValues = Record<string, Record<string, GivenValue>>;
export type StateValues = Record<string, Record<string, JsonObject>>;

/** A test asked for something a real user could not do (an option that is not offered). */
export class ImpossibleInteractionError extends Error {}

/**
 * Builds `view.state.values` as Slack would send it: one entry per input block (and per
 * interactive element of other blocks, which Slack also reports), taking the test's value if
 * given, else the element's initial value, shaped by element type.
 */
export function buildViewState(blocks: unknown[], given: GivenValues = {}, requireInputs = false): StateValues {
  const values: StateValues = {};
  const used = new Set<string>();
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const blockId = String(block.block_id);
    const elements = stateElements(block);
    for (const element of elements) {
      const actionId = String(element.action_id);
      const givenValue = given[blockId]?.[actionId];
      if (givenValue !== undefined) used.add(`${blockId}/${actionId}`);
      const state = elementState(element, givenValue);
      if (!state) continue;
      if (requireInputs && block.type === 'input' && block.optional !== true && isEmpty(state)) {
        throw new ImpossibleInteractionError(
          `input ${blockId}/${actionId} is required and empty: Slack would not let the user submit`,
        );
      }
      (values[blockId] ??= {})[actionId] = state;
    }
  }
  for (const [blockId, byAction] of Object.entries(given)) {
    for (const actionId of Object.keys(byAction)) {
      if (!used.has(`${blockId}/${actionId}`)) {
        throw new ImpossibleInteractionError(`the view has no input ${blockId}/${actionId}`);
      }
    }
  }
  return values;
}

function stateElements(block: JsonObject): JsonObject[] {
  if (block.type === 'input' && isObject(block.element)) return [block.element];
  if (block.type === 'actions' && Array.isArray(block.elements)) return block.elements.filter(isObject).filter(hasState);
  if (block.type === 'section' && isObject(block.accessory) && hasState(block.accessory)) return [block.accessory];
  return [];
}

function hasState(element: JsonObject): boolean {
  return element.type !== 'button' && element.type !== 'overflow' && element.type !== 'workflow_button';
}

function isEmpty(state: JsonObject): boolean {
  return Object.entries(state).every(([k, v]) => k === 'type' || v === null || v === undefined || (Array.isArray(v) && v.length === 0));
}

function elementState(element: JsonObject, given: GivenValue | undefined): JsonObject | undefined {
  const type = String(element.type);
  if (given === null) return clearedState(type);
  const one = (): string | undefined => (Array.isArray(given) ? given[0] : given);
  const many = (): string[] | undefined => (given === undefined ? undefined : Array.isArray(given) ? given : [given]);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: one() ?? stringOrNull(element.initial_value) };
    case 'static_select':
    case 'radio_buttons':
    case 'external_select': {
      const value = one();
      const option = value === undefined ? element.initial_option ?? null : findOption(element, value);
      return { type, selected_option: option };
    }
    case 'multi_static_select':
    case 'checkboxes':
    case 'multi_external_select': {
      const chosen = many();
      const options = chosen === undefined ? element.initial_options ?? [] : chosen.map((v) => findOption(element, v));
      return { type, selected_options: options };
    }
    case 'users_select':
      return { type, selected_user: one() ?? element.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: many() ?? element.initial_users ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: one() ?? element.initial_conversation ?? null };
    case 'multi_conversations_select':
      return { type, selected_conversations: many() ?? element.initial_conversations ?? [] };
    case 'channels_select':
      return { type, selected_channel: one() ?? element.initial_channel ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: many() ?? element.initial_channels ?? [] };
    case 'datepicker':
      return { type, selected_date: one() ?? element.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: one() ?? element.initial_time ?? null };
    case 'datetimepicker': {
      const value = one();
      return { type, selected_date_time: value !== undefined ? Number(value) : element.initial_date_time ?? null };
    }
    default:
      return undefined;
  }
}

/** What Slack reports for an input the person left empty. */
function clearedState(type: string): JsonObject | undefined {
  const key: Record<string, string> = {
    plain_text_input: 'value', email_text_input: 'value', url_text_input: 'value', number_input: 'value',
    static_select: 'selected_option', radio_buttons: 'selected_option', external_select: 'selected_option',
    users_select: 'selected_user', conversations_select: 'selected_conversation', channels_select: 'selected_channel',
    datepicker: 'selected_date', timepicker: 'selected_time', datetimepicker: 'selected_date_time',
  };
  const many: Record<string, string> = {
    multi_static_select: 'selected_options', checkboxes: 'selected_options', multi_external_select: 'selected_options',
    multi_users_select: 'selected_users', multi_conversations_select: 'selected_conversations', multi_channels_select: 'selected_channels',
  };
  if (key[type]) return { type, [key[type] as string]: null };
  if (many[type]) return { type, [many[type] as string]: [] };
  return undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Looks an option up by value among `options` and `option_groups`; external selects echo it back. */
export function findOption(element: JsonObject, value: string): JsonObject {
  const groups = Array.isArray(element.option_groups) ? element.option_groups.filter(isObject) : [];
  const candidates = [
    ...(Array.isArray(element.options) ? element.options : []),
    ...groups.flatMap((g) => (Array.isArray(g.options) ? g.options : [])),
  ].filter(isObject);
  const found = candidates.find((o) => o.value === value);
  if (found) return found;
  if (String(element.type).includes('external')) return { text: { type: 'plain_text', text: value }, value };
  throw new ImpossibleInteractionError(
    `option "${value}" is not offered by ${String(element.action_id)} (offered: ${candidates.map((o) => String(o.value)).join(', ')})`,
  );
}
