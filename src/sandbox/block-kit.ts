/** Block Kit checks and normalisation Slack applies to what apps send. */

import { findLoneSurrogate, loneSurrogateProblem, slackLength } from './slack-text';

export const MESSAGE_BLOCK_LIMIT = 50;
export const SURFACE_BLOCK_LIMIT = 100;
export const SECTION_TEXT_LIMIT = 3000;
export const MESSAGE_TEXT_LIMIT = 40_000;
export const VIEW_TITLE_LIMIT = 24;
/** Modal view reference: private_metadata and callback_id. */
export const PRIVATE_METADATA_LIMIT = 3000;
export const CALLBACK_ID_LIMIT = 255;
export const VIEW_BYTES_LIMIT = 250_000;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Problems in a block list, as Slack's `[ERROR] ... [json-pointer:...]` lines; empty when valid.
 * `base` is where the list sits in the request (`/blocks`, `/view/blocks`). Limits are from
 * Slack's Block Kit reference pages (each block's and element's "Fields" table) and are counted
 * in characters as Slack counts them (see slack-text.ts).
 */
export function blockProblems(blocks: unknown, limit: number, base = '/blocks'): string[] {
  const check = new Checker();
  if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${base}]`];
  if (blocks.length > limit) check.problem(base, `no more than ${limit} items allowed`);
  blocks.forEach((block, i) => checkBlock(check, block, `${base}/${i}`));
  const surrogate = findLoneSurrogate(blocks, base);
  if (surrogate) check.problems.push(loneSurrogateProblem(surrogate));
  return check.problems;
}

/** Collects problems; the helpers encode the field tables of the Block Kit reference. */
export class Checker {
  readonly problems: string[] = [];

  problem(pointer: string, message: string): void {
    this.problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }

  /** A string field with a maximum length ("Maximum length for this field is N characters"). */
  maxString(value: unknown, max: number, pointer: string, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.problem(pointer, `missing required field: ${pointer.split('/').at(-1)}`);
      return;
    }
    if (typeof value !== 'string') {
      this.problem(pointer, 'must be a string');
      return;
    }
    if (slackLength(value) > max) this.problem(pointer, `must be less than ${max + 1} characters`);
  }

  /** A text composition object: `plain_text` (or also `mrkdwn` when allowed), text 1..max characters. */
  text(value: unknown, max: number, pointer: string, opts: { required?: boolean; plainOnly?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (opts.required) this.problem(pointer.replace(/\/[^/]*$/, ''), `missing required field: ${pointer.split('/').at(-1)}`);
      return;
    }
    if (!isObject(value)) {
      this.problem(pointer, 'must be an object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.problem(`${pointer}/type`, 'must be one of plain_text, mrkdwn');
    } else if (opts.plainOnly && value.type !== 'plain_text') {
      this.problem(`${pointer}/type`, 'must be plain_text');
    }
    if (typeof value.text !== 'string') {
      this.problem(pointer, 'missing required field: text');
      return;
    }
    const length = slackLength(value.text);
    if (length < 1) this.problem(`${pointer}/text`, 'must be more than 0 characters');
    if (length > max) this.problem(`${pointer}/text`, `must be less than ${max + 1} characters`);
  }

  maxItems(value: unknown, max: number, pointer: string, required = false): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.problem(pointer.replace(/\/[^/]*$/, ''), `missing required field: ${pointer.split('/').at(-1)}`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(pointer, 'must be an array');
      return [];
    }
    if (required && value.length === 0) this.problem(pointer, 'must provide at least 1 item');
    if (value.length > max) this.problem(pointer, `no more than ${max} items allowed`);
    return value;
  }
}

// Block Kit reference, per block and element.
export const LIMITS = {
  blockId: 255,
  actionId: 255,
  sectionText: SECTION_TEXT_LIMIT,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  imageUrl: 3000,
  altText: 2000,
  markdownText: 12_000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionGroupLabel: 75,
  selectOptions: 100,
  optionGroups: 100,
  overflowOptions: 5,
  choiceOptions: 10,
  textInputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

function checkBlock(check: Checker, block: unknown, at: string): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    check.problem(at, 'missing required field: type');
    return;
  }
  if (block.block_id !== undefined) check.maxString(block.block_id, LIMITS.blockId, `${at}/block_id`);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) check.problem(at, 'must provide either text or fields');
      check.text(block.text, LIMITS.sectionText, `${at}/text`);
      check.maxItems(block.fields, LIMITS.sectionFields, `${at}/fields`).forEach((f, i) => check.text(f, LIMITS.sectionField, `${at}/fields/${i}`));
      if (block.accessory !== undefined) checkElement(check, block.accessory, `${at}/accessory`);
      return;
    case 'header':
      check.text(block.text, LIMITS.headerText, `${at}/text`, { required: true, plainOnly: true });
      return;
    case 'context':
      check.maxItems(block.elements, LIMITS.contextElements, `${at}/elements`, true).forEach((el, i) => {
        if (isObject(el) && el.type === 'image') checkImage(check, el, `${at}/elements/${i}`);
        else check.text(el, LIMITS.sectionText, `${at}/elements/${i}`, { required: true });
      });
      return;
    case 'actions':
      check.maxItems(block.elements, LIMITS.actionsElements, `${at}/elements`, true).forEach((el, i) => checkElement(check, el, `${at}/elements/${i}`));
      return;
    case 'input':
      check.text(block.label, LIMITS.inputLabel, `${at}/label`, { required: true, plainOnly: true });
      check.text(block.hint, LIMITS.inputHint, `${at}/hint`, { plainOnly: true });
      if (block.element === undefined) check.problem(at, 'missing required field: element');
      else checkElement(check, block.element, `${at}/element`);
      return;
    case 'image':
      checkImage(check, block, at);
      check.text(block.title, 2000, `${at}/title`, { plainOnly: true });
      return;
    case 'markdown':
      check.maxString(block.text, LIMITS.markdownText, `${at}/text`, true);
      return;
    default:
      return;
  }
}

function checkImage(check: Checker, image: JsonObject, at: string): void {
  check.maxString(image.alt_text, LIMITS.altText, `${at}/alt_text`, true);
  if (image.slack_file === undefined) check.maxString(image.image_url, LIMITS.imageUrl, `${at}/image_url`, true);
}

const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
const CHOICES = new Set(['radio_buttons', 'checkboxes']);

function checkElement(check: Checker, element: unknown, at: string): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    check.problem(at, 'missing required field: type');
    return;
  }
  if (element.action_id !== undefined) check.maxString(element.action_id, LIMITS.actionId, `${at}/action_id`);
  check.text(element.placeholder, LIMITS.placeholder, `${at}/placeholder`, { plainOnly: true });
  if (element.confirm !== undefined) checkConfirm(check, element.confirm, `${at}/confirm`);
  const type = element.type;
  if (type === 'button') {
    check.text(element.text, LIMITS.buttonText, `${at}/text`, { required: true, plainOnly: true });
    check.maxString(element.value, LIMITS.buttonValue, `${at}/value`);
    check.maxString(element.url, LIMITS.url, `${at}/url`);
    return;
  }
  if (type === 'plain_text_input') {
    for (const [field, min] of [['max_length', 1], ['min_length', 0]] as const) {
      const n = element[field];
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > LIMITS.textInputLength)) {
        check.problem(`${at}/${field}`, `must be an integer between ${min} and ${LIMITS.textInputLength}`);
      }
    }
    const max = typeof element.max_length === 'number' ? element.max_length : LIMITS.textInputLength;
    check.maxString(element.initial_value, max, `${at}/initial_value`);
    return;
  }
  if (type === 'image') {
    checkImage(check, element, at);
    return;
  }
  const mrkdwnAllowed = CHOICES.has(type);
  const maxOptions = type === 'overflow' ? LIMITS.overflowOptions : CHOICES.has(type) ? LIMITS.choiceOptions : LIMITS.selectOptions;
  if (SELECTS_WITH_OPTIONS.has(type) || CHOICES.has(type) || type === 'overflow') {
    const hasGroups = element.option_groups !== undefined;
    if (!hasGroups || !SELECTS_WITH_OPTIONS.has(type)) {
      check.maxItems(element.options, maxOptions, `${at}/options`, true).forEach((o, i) => checkOption(check, o, `${at}/options/${i}`, mrkdwnAllowed));
    }
    if (hasGroups && SELECTS_WITH_OPTIONS.has(type)) {
      check.maxItems(element.option_groups, LIMITS.optionGroups, `${at}/option_groups`, true).forEach((g, i) => {
        const gAt = `${at}/option_groups/${i}`;
        if (!isObject(g)) return check.problem(gAt, 'must be an object');
        check.text(g.label, LIMITS.optionGroupLabel, `${gAt}/label`, { required: true, plainOnly: true });
        check.maxItems(g.options, LIMITS.selectOptions, `${gAt}/options`, true).forEach((o, j) => checkOption(check, o, `${gAt}/options/${j}`, false));
      });
    }
  }
  for (const field of ['initial_option'] as const) if (element[field] !== undefined) checkOption(check, element[field], `${at}/${field}`, mrkdwnAllowed);
  if (Array.isArray(element.initial_options)) element.initial_options.forEach((o, i) => checkOption(check, o, `${at}/initial_options/${i}`, mrkdwnAllowed));
}

function checkOption(check: Checker, option: unknown, at: string, mrkdwnAllowed: boolean): void {
  if (!isObject(option)) {
    check.problem(at, 'must be an object');
    return;
  }
  check.text(option.text, LIMITS.optionText, `${at}/text`, { required: true, plainOnly: !mrkdwnAllowed });
  check.maxString(option.value, LIMITS.optionValue, `${at}/value`, true);
  check.text(option.description, LIMITS.optionDescription, `${at}/description`, { plainOnly: !mrkdwnAllowed });
  check.maxString(option.url, LIMITS.url, `${at}/url`);
}

function checkConfirm(check: Checker, confirm: unknown, at: string): void {
  if (!isObject(confirm)) {
    check.problem(at, 'must be an object');
    return;
  }
  check.text(confirm.title, LIMITS.confirmTitle, `${at}/title`, { required: true, plainOnly: true });
  check.text(confirm.text, LIMITS.confirmText, `${at}/text`, { required: true });
  check.text(confirm.confirm, LIMITS.confirmButton, `${at}/confirm`, { required: true, plainOnly: true });
  check.text(confirm.deny, LIMITS.confirmButton, `${at}/deny`, { required: true, plainOnly: true });
}

/**
 * Slack gives every block a block_id (and every interactive element an action_id) when the app did
 * not, and payloads carry those generated ids; we derive them from the position so they are stable.
 */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  return blocks.map((block, i) => {
    if (!isObject(block)) return block;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `b${i}`;
    const copy: JsonObject = { ...block, block_id: blockId };
    if (isObject(block.element)) copy.element = withActionId(block.element, `${blockId}-a0`);
    if (isObject(block.accessory)) copy.accessory = withActionId(block.accessory, `${blockId}-a0`);
    if (Array.isArray(block.elements) && block.type === 'actions') {
      copy.elements = block.elements.map((el, j) => (isObject(el) ? withActionId(el, `${blockId}-a${j}`) : el));
    }
    return copy;
  });
}

function withActionId(element: JsonObject, fallback: string): JsonObject {
  return typeof element.action_id === 'string' ? element : { ...element, action_id: fallback };
}

/** Interactive elements of a block list with the block they sit in. */
export function* interactiveElements(blocks: unknown[]): Generator<{ blockId: string; element: JsonObject }> {
  for (const block of blocks) {
    if (!isObject(block)) continue;
    const blockId = String(block.block_id);
    for (const candidate of [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])]) {
      if (isObject(candidate) && typeof candidate.action_id === 'string') yield { blockId, element: candidate };
    }
  }
}
