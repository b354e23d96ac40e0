import { DateTime } from 'luxon';
import { chosenTextFieldName, fieldName } from './render/blocks-html';

type Json = Record<string, unknown>;

const TEXT = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);
const ONE = new Set(['static_select', 'radio_buttons', 'external_select', 'users_select', 'conversations_select', 'channels_select']);
const MANY = new Set(['multi_static_select', 'checkboxes', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select']);

/**
 * A submitted modal form as the values Slack would put in `view.state.values`, keyed by block and
 * action id: an empty field is null (Slack sends null, not the initial value), a multi-select or
 * checkbox group with nothing chosen is []. A datetime picker is read in the person's zone.
 */
export function formValues(blocks: unknown[], form: URLSearchParams, timeZone: string): Record<string, Record<string, string | string[] | null>> {
  const values: Record<string, Record<string, string | string[] | null>> = {};
  for (const { blockId, actionId, element } of inputs(blocks)) {
    const name = fieldName(blockId, actionId);
    const type = String(element.type);
    let value: string | string[] | null | undefined;
    if (TEXT.has(type) || ONE.has(type) || type === 'datepicker' || type === 'timepicker') value = nonEmpty(form.get(name));
    else if (MANY.has(type)) value = form.getAll(name).filter((v) => v !== '');
    else if (type === 'datetimepicker') {
      const local = nonEmpty(form.get(name));
      value = local === null ? null : String(Math.round(DateTime.fromISO(local, { zone: timeZone }).toSeconds()));
    }
    if (value !== undefined) (values[blockId] ??= {})[actionId] = value;
  }
  return values;
}

/**
 * The view's blocks with what the person typed put back as initial values: when Slack shows
 * `response_action: errors`, the form keeps its contents, and so must the sandbox's redraw.
 */
export function withDraft(blocks: unknown[], form: URLSearchParams | undefined, timeZone: string): unknown[] {
  if (!form) return blocks;
  return blocks.map((block) => {
    if (!isObject(block) || block.type !== 'input' || !isObject(block.element)) return block;
    const el = { ...block.element };
    const name = fieldName(String(block.block_id), String(el.action_id));
    const type = String(el.type);
    const one = form.get(name);
    const many = form.getAll(name).filter((v) => v !== '');
    const option = (value: string) => findOption(el, value);
    if (TEXT.has(type)) el.initial_value = one ?? '';
    else if (type === 'datepicker') one ? (el.initial_date = one) : delete el.initial_date;
    else if (type === 'timepicker') one ? (el.initial_time = one) : delete el.initial_time;
    else if (type === 'datetimepicker') one ? (el.initial_date_time = Math.round(DateTime.fromISO(one, { zone: timeZone }).toSeconds())) : delete el.initial_date_time;
    else if (type === 'users_select') one ? (el.initial_user = one) : delete el.initial_user;
    else if (type === 'multi_users_select') el.initial_users = many;
    else if (type === 'external_select') {
      // The option's text came from the options answer; the page sent it beside the value.
      if (one) el.initial_option = { text: { type: 'plain_text', text: form.get(chosenTextFieldName(name)) || one }, value: one };
      else delete el.initial_option;
    } else if (type === 'static_select' || type === 'radio_buttons') {
      const chosen = one ? option(one) : undefined;
      if (chosen) el.initial_option = chosen;
      else delete el.initial_option;
    } else if (type === 'multi_static_select' || type === 'checkboxes') el.initial_options = many.map(option).filter(Boolean);
    return { ...block, element: el };
  });
}

function inputs(blocks: unknown[]): { blockId: string; actionId: string; element: Json }[] {
  return blocks.filter(isObject).flatMap((b) => (b.type === 'input' && isObject(b.element) ? [{ blockId: String(b.block_id), actionId: String(b.element.action_id), element: b.element }] : []));
}

function findOption(el: Json, value: string): Json | undefined {
  const groups = Array.isArray(el.option_groups) ? el.option_groups.filter(isObject).flatMap((g) => (Array.isArray(g.options) ? g.options : [])) : [];
  const options = [...(Array.isArray(el.options) ? el.options : []), ...groups].filter(isObject);
  return options.find((o) => o.value === value) ?? (String(el.type).includes('external') ? { text: { type: 'plain_text', text: value }, value } : undefined);
}

function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
