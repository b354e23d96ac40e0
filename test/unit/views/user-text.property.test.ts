import { homeView } from '../../../src/community/home.views';
import { welcomeMessage, type OptIns } from '../../../src/community/onboarding.views';
import { profileModal, zoneOptions } from '../../../src/community/profile.views';
import {
  communityCreatedMessage,
  helpMessage,
  helpTopicMessage,
  inviteMessage,
  mentionList,
  organisersMessage,
  problemMessage,
  scheduleChangedMessage,
  schedulesMessage,
  topicsAddedMessage,
  topicsMessage,
} from '../../../src/community/community.views';
import { RETRO_FORMATS } from '../../../src/rituals/retro/retro.formats';
import { nextRetroNotice, reviewNotice, summaryMessage, threadMessage } from '../../../src/rituals/retro/retro.messages';
import type { BoardAction, RetroBoard, RetroPhaseName } from '../../../src/rituals/retro/retro.service';
import { summarise, type RetroRecord } from '../../../src/rituals/retro/retro.summary';
import { actionItemModal, addItemModal, boardMessage, handOverModal, historyMessage, openActionsMessage, scheduleModal, startModal } from '../../../src/rituals/retro/retro.views';
import { seededRandom } from '../../../src/sandbox/seeded-random';
import type { ScheduleSummary } from '../../../src/scheduler/schedules';

/*
 * Every view of the project, fed what people really type: emoji cut at every limit, ZWJ
 * families, flags, combining marks, RTL with direction marks, zero-width characters, Slack's
 * control sequences and entities. For each output: nothing a person typed is live in mrkdwn, every
 * string is well-formed UTF-16, and nothing exceeds what Slack accepts.
 *
 * The seed is printed in each test's name; rerun one with VIEW_TEXT_SEED=<seed>.
 */

/**
 * Slack's limits, from its reference (docs.slack.dev/reference/…), counted as the text kit counts
 * (UTF-16 units, never fewer than Slack's characters).
 */
const LIMIT = {
  /** chat.postMessage: `text` is truncated past 40,000 characters (changelog "Truncating really long messages"). */
  messageText: 40_000,
  /** Block Kit "Blocks": up to 50 blocks in a message, 100 in a modal or Home tab (views/modal-views, home tab). */
  messageBlocks: 50,
  surfaceBlocks: 100,
  /** block-kit/blocks/header-block: plain_text, at most 150 characters. */
  header: 150,
  /** block-kit/blocks/section-block: text at most 3000; at most 10 fields of at most 2000. */
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  /** block-kit/composition-objects/text-object: 1 to 3000 characters (so a context element's text too). */
  textObject: 3000,
  /** block-kit/blocks/context-block: at most 10 elements. actions-block: at most 25. */
  contextElements: 10,
  actionsElements: 25,
  /** block_id (every block's page), action_id (every element's page), callback_id (modal-views): 255. */
  id: 255,
  /** block-elements/button-element: text 75, value 2000, url 3000. */
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  /**
   * composition-objects/option-object: text 75; value 150 on the reference page, 75 in
   * @slack/types' own description of it. We hold the stricter.
   */
  optionText: 75,
  optionValue: 75,
  /** overflow-menu-element: up to five options. Select menus: at most 100 options; radio buttons: 10. */
  overflowOptions: 5,
  selectOptions: 100,
  radioOptions: 10,
  /** Select menus' and inputs' placeholder: 150. */
  placeholder: 150,
  /** blocks/input-block: label and hint, 2000 each. plain-text-input: max_length up to 3000. */
  label: 2000,
  hint: 2000,
  inputLength: 3000,
  /** composition-objects/confirmation-dialog-object: title 100, text 300, buttons 30. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** views/modal-views: title, submit and close 24; private_metadata 3000. */
  viewText: 24,
  privateMetadata: 3000,
} as const;

// ---------------------------------------------------------------------------------------------
// What people type

type Random = () => number;
const pick = <T>(rng: Random, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Random, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const chance = (rng: Random, p: number) => rng() < p;

/** Slack's control sequences and entities, typed by a person (all of them must come out dead). */
const HOSTILE = ['<!here>', '<!channel>', '<!everyone>', '<@U0123ABC>', '<#C0123|general>', '<https://evil.example|our wiki>', '<!subteam^S0123|@team>', '<!date^1700000000^{date}|x>', '&amp;', '&lt;', '&gt;', '&', '<', '>', '<<>>'];
/** Graphemes that a UTF-16 cut would break, and text that is easy to mishandle. */
const UNITS = [
  '😀', // one astral code point
  '👍🏽', // emoji + skin tone
  '👨‍👩‍👧‍👦', // ZWJ family, 11 units
  '🏳️‍🌈', // flag with variation selector and ZWJ
  '🇩🇪', // regional indicator pair
  'e\u0301', // combining acute
  'a\u0308\u0323', // two combining marks
  'Z\u0351\u0352\u0353\u0354\u0355', // a pile of them
  'مرحبا بالعالم', // Arabic
  '\u200Fשלום\u200E', // Hebrew between RLM and LRM
  '\u202Eevil\u202C', // RTL override
  '\u200B', // zero-width space
  '\u200D', // lone ZWJ
  '\uFEFF', // BOM / zero-width no-break space
  '中文字',
  '*bold* _it_ ~s~ `code`',
  '\n',
];
const WORDS = ['deploys', 'broke', 'again', 'standup', 'retro', 'pairing', 'CI', 'R&D', 'x', 'ok'];
/** The limits Guild cuts at and Slack enforces: text is made to straddle each. */
const AROUND = [24, 30, 40, 64, 75, 80, 150, 300, 2000, 2500, 2800, 3000];
const STRADDLERS = ['😀', '👨‍👩‍👧‍👦', '🇩🇪', 'e\u0301', '🏳️‍🌈', '&', '<'];

function piece(rng: Random): string {
  const r = rng();
  if (r < 0.3) return pick(rng, HOSTILE);
  if (r < 0.65) return pick(rng, UNITS);
  return `${pick(rng, WORDS)} `;
}

/** Something a person typed: never empty (Guild refuses empty names and items), often hostile. */
function typed(rng: Random, longest = 3000): string {
  const shape = rng();
  let text: string;
  if (shape < 0.45) {
    text = Array.from({ length: int(rng, 1, 10) }, () => piece(rng)).join('');
  } else if (shape < 0.85) {
    // Around a limit, with a multi-unit grapheme across the cut (views add prefixes, hence the spread).
    const limit = pick(rng, AROUND.filter((l) => l <= longest + 12));
    const before = Math.max(0, limit + int(rng, -14, 3));
    const chunk = chance(rng, 0.5) ? 'x' : Array.from({ length: 16 }, () => pick(rng, ['a', 'b', ' ', 'é', 'ش', 'ж'])).join('');
    const filler = chunk.repeat(Math.ceil(before / chunk.length)).slice(0, before);
    text = `${filler}${pick(rng, STRADDLERS)}${pick(rng, STRADDLERS)}${Array.from({ length: int(rng, 0, 4) }, () => piece(rng)).join('')}`;
  } else {
    // Escape-heavy: each `<` grows four times when escaped.
    const limit = pick(rng, AROUND.filter((l) => l <= longest));
    text = `${pick(rng, ['<', '&', '>', '<!here>'])}`.repeat(Math.ceil(limit / int(rng, 1, 7))) + pick(rng, STRADDLERS);
  }
  // Now and then a lone surrogate, as left by someone else's careless cut.
  if (chance(rng, 0.05)) text = `${text}\uD83D`;
  if (chance(rng, 0.03)) text = `\uDE00${text}`;
  return text.length > longest + 20 ? text.slice(0, longest) || 'x' : text;
}

// ---------------------------------------------------------------------------------------------
// What Guild puts in: ids and dates it owns, whose mentions must stay live

const USERS = ['U0ADA', 'U0GRACE', 'U0ALAN', 'U0MARGARET', 'W0KATHERINE'];
const CHANNELS = ['C0GUILD', 'C0DESIGN'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const user = (rng: Random) => pick(rng, USERS);
const date = (rng: Random) => new Date(Date.UTC(2026, int(rng, 0, 11), int(rng, 1, 28), int(rng, 0, 23), int(rng, 0, 59)));
const day = (rng: Random) => date(rng).toISOString().slice(0, 10);
const phases: RetroPhaseName[] = ['collect', 'reveal', 'vote', 'discuss', 'closed'];
const statuses: BoardAction['status'][] = ['open', 'done', 'dropped', 'carried'];

function columns(rng: Random): RetroBoard['columns'] {
  if (chance(rng, 0.4)) return pick(rng, Object.values(RETRO_FORMATS)).columns.map((c) => ({ ...c, count: int(rng, 0, 40) }));
  return Array.from({ length: int(rng, 2, 6) }, (_, i) => ({ key: `c${i + 1}`, title: typed(rng, 150), emoji: ':pushpin:', count: int(rng, 0, 40) }));
}

function action(rng: Random, id: number): BoardAction {
  return { id, text: typed(rng, 500), ownerId: user(rng), status: pick(rng, statuses), ...(chance(rng, 0.5) ? { dueDate: day(rng) } : {}), ...(chance(rng, 0.2) ? { carried: true } : {}) };
}

function retroBoard(rng: Random): RetroBoard {
  const cols = columns(rng);
  const many = chance(rng, 0.15);
  const items = Array.from({ length: many ? int(rng, 30, 60) : int(rng, 0, 8) }, (_, i) => ({
    id: i + 1,
    column: pick(rng, cols).key,
    text: typed(rng, many ? 300 : 3000),
    votes: int(rng, 0, 12),
    notes: int(rng, 0, 3),
    ...(chance(rng, 0.6) ? { authorId: user(rng) } : {}),
  }));
  return {
    id: int(rng, 1, 99_999),
    teamId: 'T0GUILD',
    channelId: pick(rng, CHANNELS),
    title: typed(rng, 150),
    phase: pick(rng, phases),
    facilitatorId: user(rng),
    anonymous: chance(rng, 0.3),
    voteBudget: int(rng, 1, 20),
    perItemCap: int(rng, 1, 20),
    ...(chance(rng, 0.3) ? { revealThreshold: int(rng, 1, 100) } : {}),
    ...(chance(rng, 0.3) ? { collectUntil: date(rng) } : {}),
    ...(chance(rng, 0.3) ? { voteUntil: date(rng) } : {}),
    columns: cols,
    items,
    itemCount: items.length + (chance(rng, 0.2) ? int(rng, 0, 900) : 0),
    contributors: int(rng, 0, 200),
    actions: Array.from({ length: int(rng, 0, chance(rng, 0.2) ? 30 : 4) }, (_, i) => action(rng, 1000 + i)),
    review: Array.from({ length: int(rng, 0, chance(rng, 0.2) ? 20 : 3) }, (_, i) => ({ ...action(rng, 2000 + i), retroTitle: typed(rng, 150) })),
  };
}

function retroRecord(rng: Random): RetroRecord {
  const cols = columns(rng);
  return {
    id: int(rng, 1, 99_999),
    title: typed(rng, 150),
    channelId: pick(rng, CHANNELS),
    formatName: typed(rng, 200),
    anonymity: pick(rng, ['named', 'anonymous_items', 'anonymous_all'] as const),
    facilitatorId: user(rng),
    createdAt: date(rng),
    closedAt: date(rng),
    participants: int(rng, 0, 50),
    columns: cols,
    items: Array.from({ length: int(rng, 0, 12) }, () => ({
      column: pick(rng, cols).key,
      text: typed(rng),
      votes: int(rng, 0, 9),
      ...(chance(rng, 0.5) ? { authorId: user(rng) } : {}),
      notes: Array.from({ length: int(rng, 0, 2) }, () => ({ text: typed(rng), ...(chance(rng, 0.5) ? { authorId: user(rng) } : {}) })),
    })),
    actions: Array.from({ length: int(rng, 0, chance(rng, 0.2) ? 40 : 5) }, () => ({ text: typed(rng, 500), ownerId: user(rng), status: pick(rng, statuses), ...(chance(rng, 0.5) ? { dueDate: day(rng) } : {}) })),
  };
}

function schedule(rng: Random, id: number): ScheduleSummary {
  return {
    id,
    name: `Retro: ${typed(rng, 120)}`,
    kind: 'retro.start',
    status: pick(rng, ['active', 'paused', 'cancelled', 'ended'] as const),
    description: typed(rng, 300),
    timeZone: pick(rng, ZONES),
    ...(chance(rng, 0.7) ? { nextRunAt: date(rng) } : {}),
  };
}

const openActions = (rng: Random, n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, text: typed(rng, 500), ownerId: user(rng), retroTitle: typed(rng, 150), ...(chance(rng, 0.5) ? { dueDate: day(rng) } : {}) }));
const noticeActions = (rng: Random) => Array.from({ length: int(rng, 0, chance(rng, 0.1) ? 120 : 6) }, () => ({ text: typed(rng, 500), retroTitle: typed(rng, 150), ...(chance(rng, 0.5) ? { dueDate: day(rng) } : {}) }));
const topics = (rng: Random) => Array.from({ length: int(rng, 0, chance(rng, 0.2) ? 60 : 5) }, (_, i) => ({ id: i + 1, name: typed(rng, 80), ...(chance(rng, 0.5) ? { level: int(rng, 1, 5) } : {}), canMentor: chance(rng, 0.5), wantsToLearn: chance(rng, 0.5) }));

// ---------------------------------------------------------------------------------------------
// What must hold of every output

type Kind = 'message' | 'text' | 'modal' | 'home' | 'options';
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

/**
 * What is live in a piece of mrkdwn beyond what Guild itself writes: mentions of the people and
 * channels it put in by id, and `<!date^…|…>`. Anything else with `<`, `>` or a bare `&` came from
 * a person unescaped.
 */
function liveInMrkdwn(text: string): string[] {
  const rest = text
    .replace(/<@([UW][A-Z0-9]+)>/g, (all, id: string) => (USERS.includes(id) ? '' : all))
    .replace(/<#(C[A-Z0-9]+)>/g, (all, id: string) => (CHANNELS.includes(id) ? '' : all))
    .replace(/<!date\^\d+\^[^<>|]*\|[^<>]*>/g, '');
  const problems: string[] = [];
  for (const m of rest.matchAll(/<[^<>]*>?|>/g)) problems.push(`live "${rest.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20)}"`);
  for (const m of rest.replace(/&(amp|lt|gt);/g, '   ').matchAll(/&/g)) problems.push(`bare & in "${rest.slice(Math.max(0, m.index - 10), m.index + 10)}"`);
  return problems.slice(0, 3);
}

class Checker {
  readonly problems: string[] = [];
  private blockIds = new Set<string>();

  private fail(path: string, what: string) {
    if (this.problems.length < 20) this.problems.push(`${path}: ${what}`);
  }

  private length(path: string, value: unknown, max: number, min = 0) {
    if (typeof value !== 'string') return this.fail(path, `expected a string, got ${typeof value}`);
    if (value.length > max) this.fail(path, `${value.length} characters, more than ${max}`);
    if (value.length < min) this.fail(path, `${value.length} characters, fewer than ${min}`);
  }

  mrkdwn(path: string, text: unknown, max: number) {
    this.length(path, text, max);
    if (typeof text === 'string') for (const p of liveInMrkdwn(text)) this.fail(path, p);
  }

  private textObject(path: string, obj: unknown, max: number, only?: 'plain_text') {
    if (!isObject(obj)) return this.fail(path, 'missing text object');
    if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') return this.fail(path, `text object of type ${String(obj.type)}`);
    if (only && obj.type !== only) this.fail(path, `must be ${only}`);
    this.length(`${path}.text`, obj.text, max, 1);
    if (obj.type === 'mrkdwn') this.mrkdwn(`${path}.text`, obj.text, max);
  }

  private id(path: string, value: unknown) {
    if (value !== undefined) this.length(path, value, LIMIT.id, 1);
  }

  private option(path: string, option: unknown) {
    if (!isObject(option)) return this.fail(path, 'not an option');
    this.textObject(`${path}.text`, option.text, LIMIT.optionText);
    this.length(`${path}.value`, option.value, LIMIT.optionValue, 1);
    if (option.description !== undefined) this.textObject(`${path}.description`, option.description, LIMIT.optionText, 'plain_text');
  }

  private options(path: string, options: unknown, max: number, min = 1) {
    if (!Array.isArray(options)) return this.fail(path, 'options missing');
    if (options.length > max || options.length < min) this.fail(path, `${options.length} options, not ${min} to ${max}`);
    options.forEach((o, i) => this.option(`${path}[${i}]`, o));
    const values = options.map((o) => (isObject(o) ? o.value : undefined));
    if (new Set(values).size !== values.length) this.fail(path, 'two options with one value');
  }

  /** Slack requires an initial option to be one of the options, exactly. */
  private initial(path: string, initial: unknown, options: unknown) {
    if (initial === undefined) return;
    const all = Array.isArray(options) ? options.map((o) => JSON.stringify(o)) : [];
    for (const one of Array.isArray(initial) ? initial : [initial]) if (!all.includes(JSON.stringify(one))) this.fail(path, 'initial option is not one of the options');
  }

  private element(path: string, el: unknown) {
    if (!isObject(el)) return this.fail(path, 'not an element');
    this.id(`${path}.action_id`, el.action_id);
    if (el.placeholder !== undefined) this.textObject(`${path}.placeholder`, el.placeholder, LIMIT.placeholder, 'plain_text');
    if (el.confirm !== undefined) {
      const c = isObject(el.confirm) ? el.confirm : {};
      this.textObject(`${path}.confirm.title`, c.title, LIMIT.confirmTitle, 'plain_text');
      this.textObject(`${path}.confirm.text`, c.text, LIMIT.confirmText);
      this.textObject(`${path}.confirm.confirm`, c.confirm, LIMIT.confirmButton, 'plain_text');
      this.textObject(`${path}.confirm.deny`, c.deny, LIMIT.confirmButton, 'plain_text');
    }
    switch (el.type) {
      case 'button':
        this.textObject(`${path}.text`, el.text, LIMIT.buttonText, 'plain_text');
        if (el.value !== undefined) this.length(`${path}.value`, el.value, LIMIT.buttonValue);
        if (el.url !== undefined) this.length(`${path}.url`, el.url, LIMIT.url);
        return;
      case 'overflow':
        return this.options(`${path}.options`, el.options, LIMIT.overflowOptions);
      case 'static_select':
      case 'multi_static_select':
        this.options(`${path}.options`, el.options, LIMIT.selectOptions);
        this.initial(`${path}.initial_option`, el.initial_option ?? el.initial_options, el.options);
        return;
      case 'external_select':
        // Its options come from the options request (checked as `options` surfaces); the initial one is in the view.
        if (el.initial_option !== undefined) this.option(`${path}.initial_option`, el.initial_option);
        if (typeof el.min_query_length === 'number' && el.min_query_length < 0) this.fail(`${path}.min_query_length`, 'negative');
        return;
      case 'checkboxes':
        // Block Kit checkboxes: at most 10 options, initial ones among them.
        this.options(`${path}.options`, el.options, LIMIT.radioOptions);
        this.initial(`${path}.initial_options`, el.initial_options, el.options);
        return;
      case 'radio_buttons':
        this.options(`${path}.options`, el.options, LIMIT.radioOptions);
        this.initial(`${path}.initial_option`, el.initial_option, el.options);
        return;
      case 'plain_text_input': {
        const max = typeof el.max_length === 'number' ? el.max_length : LIMIT.inputLength;
        if (max > LIMIT.inputLength) this.fail(`${path}.max_length`, `${max}, more than ${LIMIT.inputLength}`);
        if (el.initial_value !== undefined) this.length(`${path}.initial_value`, el.initial_value, max);
        return;
      }
      case 'number_input':
      case 'datepicker':
      case 'timepicker':
      case 'datetimepicker':
      case 'users_select':
        return;
      default:
        return this.fail(path, `element type ${String(el.type)} is not checked here yet`);
    }
  }

  blocks(path: string, blocks: unknown, max: number) {
    if (!Array.isArray(blocks)) return this.fail(path, 'blocks missing');
    if (blocks.length > max) this.fail(path, `${blocks.length} blocks, more than ${max}`);
    blocks.forEach((block, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(block)) return this.fail(at, 'not a block');
      if (block.block_id !== undefined) {
        this.id(`${at}.block_id`, block.block_id);
        if (this.blockIds.has(String(block.block_id))) this.fail(`${at}.block_id`, `${String(block.block_id)} appears twice`);
        this.blockIds.add(String(block.block_id));
      }
      switch (block.type) {
        case 'header':
          return this.textObject(`${at}.text`, block.text, LIMIT.header, 'plain_text');
        case 'section':
          if (block.text !== undefined) this.textObject(`${at}.text`, block.text, LIMIT.sectionText);
          if (block.fields !== undefined) {
            const fields = Array.isArray(block.fields) ? block.fields : [];
            if (fields.length > LIMIT.sectionFields) this.fail(`${at}.fields`, `${fields.length} fields`);
            fields.forEach((f, j) => this.textObject(`${at}.fields[${j}]`, f, LIMIT.fieldText));
          }
          if (block.text === undefined && block.fields === undefined) this.fail(at, 'a section needs text or fields');
          if (block.accessory !== undefined) this.element(`${at}.accessory`, block.accessory);
          return;
        case 'context': {
          const elements = Array.isArray(block.elements) ? block.elements : [];
          if (elements.length === 0 || elements.length > LIMIT.contextElements) this.fail(`${at}.elements`, `${elements.length} elements`);
          elements.forEach((e, j) => this.textObject(`${at}.elements[${j}]`, e, LIMIT.textObject));
          return;
        }
        case 'actions': {
          const elements = Array.isArray(block.elements) ? block.elements : [];
          if (elements.length === 0 || elements.length > LIMIT.actionsElements) this.fail(`${at}.elements`, `${elements.length} elements`);
          elements.forEach((e, j) => this.element(`${at}.elements[${j}]`, e));
          return;
        }
        case 'input':
          this.textObject(`${at}.label`, block.label, LIMIT.label, 'plain_text');
          if (block.hint !== undefined) this.textObject(`${at}.hint`, block.hint, LIMIT.hint, 'plain_text');
          return this.element(`${at}.element`, block.element);
        case 'divider':
          return;
        default:
          return this.fail(at, `block type ${String(block.type)} is not checked here yet`);
      }
    });
  }

  /** No string anywhere in the output (values and metadata included) holds a lone surrogate. */
  wellFormed(path: string, value: unknown) {
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) this.fail(path, 'lone surrogate');
    } else if (Array.isArray(value)) value.forEach((v, i) => this.wellFormed(`${path}[${i}]`, v));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) this.wellFormed(`${path}.${k}`, v);
  }

  surface(kind: Kind, output: unknown) {
    this.wellFormed('output', output);
    if (kind === 'text') return this.mrkdwn('text', output, LIMIT.messageText);
    // An options request's answer: at most 100 options, each within the option limits.
    if (kind === 'options') return this.options('options', output, LIMIT.selectOptions, 0);
    if (!isObject(output)) return this.fail('output', 'not an object');
    if (kind === 'message') {
      // The fallback text is mrkdwn too, and always set.
      this.mrkdwn('text', output.text, LIMIT.messageText);
      this.length('text', output.text, LIMIT.messageText, 1);
      if (output.blocks !== undefined) this.blocks('blocks', output.blocks, LIMIT.messageBlocks);
      return;
    }
    if (kind === 'modal') {
      this.textObject('title', output.title, LIMIT.viewText, 'plain_text');
      if (output.submit !== undefined) this.textObject('submit', output.submit, LIMIT.viewText, 'plain_text');
      if (output.close !== undefined) this.textObject('close', output.close, LIMIT.viewText, 'plain_text');
      this.id('callback_id', output.callback_id);
    }
    if (output.private_metadata !== undefined) this.length('private_metadata', output.private_metadata, LIMIT.privateMetadata);
    this.blocks('blocks', output.blocks, LIMIT.surfaceBlocks);
  }
}

// ---------------------------------------------------------------------------------------------
// Every view, with its input built from random typed text

interface ViewCase {
  name: string;
  kind: Kind;
  runs: number;
  render: (rng: Random) => unknown;
}

const VIEWS: ViewCase[] = [
  {
    name: 'boardMessage',
    kind: 'message',
    runs: 400,
    render: (rng) => {
      const board = retroBoard(rng);
      const revision = pick(rng, [undefined, int(rng, 0, 1e9), typed(rng, 300)]);
      return revision === undefined ? boardMessage(board) : boardMessage(board, revision);
    },
  },
  { name: 'addItemModal', kind: 'modal', runs: 300, render: (rng) => addItemModal({ ...retroBoard(rng), columns: columns(rng) }) },
  { name: 'startModal', kind: 'modal', runs: 5, render: (rng) => startModal(pick(rng, CHANNELS)) },
  { name: 'handOverModal', kind: 'modal', runs: 20, render: (rng) => handOverModal(int(rng, 1, 1e6), user(rng)) },
  { name: 'scheduleModal', kind: 'modal', runs: 300, render: (rng) => scheduleModal(pick(rng, CHANNELS), chance(rng, 0.5) ? pick(rng, ZONES) : typed(rng, 300)) },
  { name: 'actionItemModal', kind: 'modal', runs: 5, render: (rng) => actionItemModal(int(rng, 1, 1e6)) },
  { name: 'openActionsMessage', kind: 'message', runs: 300, render: (rng) => openActionsMessage(openActions(rng, int(rng, 0, chance(rng, 0.2) ? 80 : 6))) },
  {
    name: 'historyMessage',
    kind: 'message',
    runs: 300,
    render: (rng) => {
      const retros = Array.from({ length: int(rng, 0, 10) }, (_, i) => ({ id: i + 1, title: typed(rng, 150), closedAt: date(rng), participants: int(rng, 0, 40), items: int(rng, 0, 300), actions: int(rng, 0, 20), actionsDone: int(rng, 0, 20) }));
      const pages = int(rng, 1, 9);
      return historyMessage({ retros, page: int(rng, 1, pages), pages });
    },
  },
  { name: 'threadMessage', kind: 'message', runs: 300, render: (rng) => threadMessage({ id: int(rng, 1, 1e5), channelId: pick(rng, CHANNELS), title: typed(rng, 150) }, { id: int(rng, 1, 1e5), text: typed(rng), votes: int(rng, 0, 30) }) },
  {
    name: 'summaryMessage',
    kind: 'message',
    runs: 300,
    render: (rng) => {
      const record = retroRecord(rng);
      return summaryMessage(record, summarise(record));
    },
  },
  { name: 'reviewNotice', kind: 'text', runs: 300, render: (rng) => reviewNotice(typed(rng, 150), pick(rng, CHANNELS), noticeActions(rng)) },
  { name: 'nextRetroNotice', kind: 'text', runs: 300, render: (rng) => nextRetroNotice(typed(rng, 150), pick(rng, CHANNELS), date(rng), noticeActions(rng)) },
  {
    name: 'helpMessage',
    kind: 'message',
    runs: 300,
    // Help text is written by us, not typed by people, but it names placeholders such as <names>: escaped the same way.
    render: (rng) => helpMessage([{ topic: 'retro', title: typed(rng, 80), entries: Array.from({ length: int(rng, 1, 8) }, () => ({ usage: typed(rng, 200), example: '/retro', what: 'Start one.' })) }]),
  },
  {
    name: 'helpTopicMessage',
    kind: 'message',
    runs: 300,
    render: (rng) => helpTopicMessage({ topic: 'retro', title: typed(rng, 80), entries: Array.from({ length: int(rng, 1, 40) }, () => ({ usage: typed(rng, 200), example: '/retro', what: 'Start one.' })) }),
  },
  { name: 'problemMessage', kind: 'message', runs: 300, render: (rng) => problemMessage(`I don't know \`/guild ${typed(rng, 1000)}\`.`) },
  { name: 'mentionList', kind: 'text', runs: 20, render: (rng) => mentionList(Array.from({ length: int(rng, 0, 10) }, () => user(rng))) },
  { name: 'communityCreatedMessage', kind: 'message', runs: 300, render: (rng) => communityCreatedMessage(typed(rng, 1000), user(rng)) },
  { name: 'organisersMessage', kind: 'message', runs: 300, render: (rng) => organisersMessage(typed(rng, 1000), Array.from({ length: int(rng, 0, 8) }, () => user(rng))) },
  { name: 'topicsMessage', kind: 'message', runs: 300, render: (rng) => topicsMessage(typed(rng, 1000), topics(rng)) },
  {
    name: 'topicsAddedMessage',
    kind: 'message',
    runs: 300,
    render: (rng) => {
      // The service names at least one topic, added or already there.
      const added = Array.from({ length: int(rng, 0, 8) }, () => typed(rng, 80));
      return topicsAddedMessage(added, Array.from({ length: int(rng, added.length ? 0 : 1, 8) }, () => typed(rng, 80)));
    },
  },
  { name: 'inviteMessage', kind: 'message', runs: 300, render: (rng) => inviteMessage(typed(rng, 1000), pick(rng, CHANNELS), int(rng, 1, 2_147_483_647)) },
  { name: 'schedulesMessage', kind: 'message', runs: 300, render: (rng) => schedulesMessage(typed(rng, 1000), Array.from({ length: int(rng, 0, 12) }, (_, i) => schedule(rng, i + 1))) },
  { name: 'scheduleChangedMessage', kind: 'message', runs: 300, render: (rng) => scheduleChangedMessage(schedule(rng, int(rng, 1, 999)), pick(rng, ['pause', 'resume', 'cancel'] as const)) },
  {
    name: 'homeView',
    kind: 'home',
    runs: 300,
    render: (rng) =>
      homeView(
        {
          communities: Array.from({ length: int(rng, 0, chance(rng, 0.1) ? 40 : 4) }, (_, i) => ({
            ...(chance(rng, 0.8) ? { id: i + 1, optIns: optIns(rng) } : {}),
            name: typed(rng, 1000),
            channelId: pick(rng, CHANNELS),
            organiser: chance(rng, 0.5),
          })),
          joinable: Array.from({ length: int(rng, 0, chance(rng, 0.1) ? 12 : 3) }, (_, i) => ({ id: 100 + i, name: typed(rng, 1000), channelId: pick(rng, CHANNELS) })),
          ...(chance(rng, 0.8) ? { timeZone: chance(rng, 0.5) ? pick(rng, ZONES) : typed(rng, 300), pinned: chance(rng, 0.5) } : {}),
          ...(chance(rng, 0.8) ? { workdayStart: int(rng, 0, 700), workdayEnd: int(rng, 701, 1439) } : {}),
          ...(chance(rng, 0.3) ? { snoozeUntil: day(rng) } : {}),
          ...(chance(rng, 0.8) ? { interests: Array.from({ length: int(rng, 0, 20) }, () => typed(rng, 50)), mentors: topics(rng).map((t) => t.name), learns: topics(rng).map((t) => t.name), levelsGiven: int(rng, 0, 60) } : {}),
        },
        date(rng),
      ),
  },
  {
    name: 'welcomeMessage',
    kind: 'message',
    runs: 300,
    render: (rng) =>
      welcomeMessage(
        { id: int(rng, 1, 2_147_483_647), name: typed(rng, 1000), channelId: pick(rng, CHANNELS) },
        Array.from({ length: int(rng, 0, 8) }, () => ({ title: typed(rng, 80), entries: Array.from({ length: int(rng, 0, 3) }, () => ({ usage: typed(rng, 80), what: typed(rng, 300) })) })),
        optIns(rng),
      ),
  },
  {
    name: 'profileModal',
    kind: 'modal',
    runs: 300,
    render: (rng) =>
      profileModal({
        // A pinned zone was checked when saved; Slack's comes from Slack, and may be one this runtime does not know.
        timeZone: pick(rng, ZONES),
        pinned: chance(rng, 0.5),
        ...(chance(rng, 0.7) ? { slackTimeZone: chance(rng, 0.8) ? pick(rng, ZONES) : typed(rng, 64) } : {}),
        workdayStart: int(rng, 0, 700),
        workdayEnd: int(rng, 701, 1439),
        interests: Array.from({ length: int(rng, 0, 20) }, () => typed(rng, 50)),
        interestSuggestions: Array.from({ length: int(rng, 0, chance(rng, 0.2) ? 120 : 10) }, () => typed(rng, 50)),
        ...(chance(rng, 0.3) ? { snoozeUntil: day(rng) } : {}),
        ...(chance(rng, 0.7) ? { community: { id: int(rng, 1, 999), name: typed(rng, 1000), topics: topics(rng) } } : {}),
        ...(chance(rng, 0.4) ? { notice: `*${typed(rng, 1000)}* has no topics yet; organisers add them with \`/guild topics add\`.` } : {}),
      }),
  },
];

VIEWS.push({
  name: 'zoneOptions',
  kind: 'options',
  runs: 200,
  render: (rng) => zoneOptions(chance(rng, 0.3) ? pick(rng, ['', 'a', '+1', 'UTC-3', 'new', '+5:30']) : typed(rng, 200), chance(rng, 0.7) ? pick(rng, ZONES) : typed(rng, 64), date(rng)),
});

function optIns(rng: Random): OptIns {
  const mentoring = pick(rng, [undefined, 'mentor', 'mentee', 'both'] as const);
  return { coffee: chance(rng, 0.5), eventSuggestions: chance(rng, 0.5), ...(mentoring ? { mentoring } : {}) };
}

const baseSeed = Number(process.env.VIEW_TEXT_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe(`every view, fed what people type (VIEW_TEXT_SEED=${baseSeed})`, () => {
  it.each(VIEWS.map((view, i) => [view.name, view, baseSeed + i * 7919] as const))('%s', (_, view, seed) => {
    const rng = seededRandom(seed);
    for (let run = 0; run < view.runs; run++) {
      const checker = new Checker();
      const output = view.render(rng);
      checker.surface(view.kind, output);
      if (checker.problems.length > 0) {
        throw new Error(`${view.name}, run ${run} of seed ${seed} (VIEW_TEXT_SEED=${baseSeed}):\n  ${checker.problems.join('\n  ')}`);
      }
    }
  });

  it('covers every exported view', () => {
    // A new view must be added above; this list is what the project exports today.
    expect(VIEWS.map((v) => v.name).sort()).toEqual(
      [
        'actionItemModal', 'addItemModal', 'boardMessage', 'communityCreatedMessage', 'handOverModal', 'helpMessage', 'helpTopicMessage', 'historyMessage', 'homeView', 'inviteMessage',
        'mentionList', 'nextRetroNotice', 'zoneOptions', 'problemMessage', 'welcomeMessage', 'openActionsMessage', 'organisersMessage', 'profileModal', 'reviewNotice', 'scheduleChangedMessage', 'scheduleModal',
        'schedulesMessage', 'startModal', 'summaryMessage', 'threadMessage', 'topicsAddedMessage', 'topicsMessage',
      ].sort(),
    );
  });

  it('catches what it is there to catch', () => {
    // The checker itself: a raw ping, a half entity, a lone surrogate and an overlong header are each found.
    const problems = (kind: Kind, output: unknown) => {
      const checker = new Checker();
      checker.surface(kind, output);
      return checker.problems;
    };
    expect(problems('text', 'hi <!here>')).toEqual([expect.stringContaining('live')]);
    expect(problems('text', `done by <@${USERS[0]}> <!date^1700000000^{date}|2023-11-14>`)).toEqual([]);
    expect(problems('text', 'done by <@U0STRANGER>')).toEqual([expect.stringContaining('live')]);
    expect(problems('text', 'R&am')).toEqual([expect.stringContaining('bare &')]);
    expect(problems('message', { text: 'a\uD83D', blocks: [] })).toEqual([expect.stringContaining('lone surrogate')]);
    expect(problems('message', { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] })).toEqual([expect.stringContaining('more than 150')]);
  });
});
