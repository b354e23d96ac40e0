import { DateTime } from 'luxon';
import type { ViewerContext } from './context';
import { html, Html, jsonAttr, raw } from './html';
import { mrkdwnToHtml, plainToHtml, safeUrl } from './mrkdwn-html';

type Json = Record<string, unknown>;

/** Where blocks are shown, which decides where their clicks go. */
export type Surface =
  | { kind: 'message'; channel: string; ts: string; actUrl: string; interactive: boolean }
  | { kind: 'view'; viewId: string; actUrl: string; errors?: Record<string, string>; suggestUrl?: string };

export interface BlockContext extends ViewerContext {
  /** People a users_select offers (Slack offers the workspace's active members). */
  people: { id: string; name: string }[];
  /** Conversations a channels / conversations select offers. */
  conversations: { id: string; name: string }[];
}

/** Separates block and action ids in form field names (neither may hold it, as far as Guild goes). */
export const FIELD_SEPARATOR = '::';

export function fieldName(blockId: string, actionId: string): string {
  return `${blockId}${FIELD_SEPARATOR}${actionId}`;
}

/** An external select's search box: what the person types, sent in the options request. */
export function queryFieldName(field: string): string {
  return `${field}${FIELD_SEPARATOR}query`;
}

/** The text of the option an external select shows as chosen (only the options answer knew it). */
export function chosenTextFieldName(field: string): string {
  return `${field}${FIELD_SEPARATOR}text`;
}

/** Where an external select asks for options, and the routing Slack puts in the request. */
interface Suggest {
  url: string;
  viewId: string;
  blockId: string;
}

/**
 * Block Kit as HTML: every block and element type Guild uses, shaped like Slack's own rendering.
 * Pure: the same blocks, surface and context give the same markup. Inputs of a modal become
 * named form fields (`<block_id>::<action_id>`); interactive elements post a block action to
 * `surface.actUrl` through htmx with the routing Slack would put in the payload.
 */
export function blocksToHtml(blocks: unknown, surface: Surface, ctx: BlockContext): Html {
  if (!Array.isArray(blocks)) return html``;
  return html`${blocks.filter(isObject).map((block) => blockHtml(block, surface, ctx))}`;
}

function blockHtml(block: Json, surface: Surface, ctx: BlockContext): Html {
  const blockId = str(block.block_id);
  switch (block.type) {
    case 'header':
      return html`<div class="block header" data-block="${blockId}"><h3>${text(block.text, ctx)}</h3></div>`;
    case 'divider':
      return html`<hr class="block divider">`;
    case 'section':
      return html`<div class="block section" data-block="${blockId}"><div class="section-body">${block.text ? html`<div class="section-text">${text(block.text, ctx)}</div>` : ''}${
        Array.isArray(block.fields) ? html`<div class="fields">${block.fields.map((f) => html`<div class="field">${text(f, ctx)}</div>`)}</div>` : ''
      }</div>${isObject(block.accessory) ? html`<div class="accessory">${element(block.accessory, blockId, surface, ctx)}</div>` : ''}</div>`;
    case 'context':
      return html`<div class="block context" data-block="${blockId}">${(Array.isArray(block.elements) ? block.elements.filter(isObject) : []).map((e) =>
        e.type === 'image' ? image(e, 'context-image') : html`<span>${text(e, ctx)}</span>`,
      )}</div>`;
    case 'actions':
      return html`<div class="block actions" data-block="${blockId}">${(Array.isArray(block.elements) ? block.elements.filter(isObject) : []).map((e) => element(e, blockId, surface, ctx))}</div>`;
    case 'image':
      return html`<figure class="block image" data-block="${blockId}">${block.title ? html`<figcaption>${text(block.title, ctx)}</figcaption>` : ''}${image(block, 'image')}</figure>`;
    case 'rich_text':
      return html`<div class="block rich-text" data-block="${blockId}">${richElements(block.elements, ctx)}</div>`;
    case 'input':
      return inputBlock(block, surface, ctx);
    default:
      // A type Slack would have refused never reaches here: the local Slack checks every block.
      return html`<div class="block unknown">[${str(block.type)} block]</div>`;
  }
}

function inputBlock(block: Json, surface: Surface, ctx: BlockContext): Html {
  const blockId = str(block.block_id);
  const error = surface.kind === 'view' ? surface.errors?.[blockId] : undefined;
  const el = isObject(block.element) ? block.element : {};
  const optional = block.optional === true;
  return html`<div class="block input${error ? ' has-error' : ''}" data-block="${blockId}">
<label class="input-label" for="${fieldName(blockId, str(el.action_id))}">${text(block.label, ctx)}${optional ? html` <span class="optional">(optional)</span>` : ''}</label>
${field(el, blockId, !optional, ctx, surface.kind === 'view' && surface.suggestUrl ? { url: surface.suggestUrl, viewId: surface.viewId, blockId } : undefined)}
${block.hint ? html`<div class="hint">${text(block.hint, ctx)}</div>` : ''}
${error ? html`<div class="field-error" role="alert">${error}</div>` : ''}
</div>`;
}

/** A modal input as a form control. */
function field(el: Json, blockId: string, required: boolean, ctx: BlockContext, suggest?: Suggest): Html {
  const name = fieldName(blockId, str(el.action_id));
  const req = required ? raw(' required') : raw('');
  const placeholder = isObject(el.placeholder) ? str(el.placeholder.text) : '';
  switch (el.type) {
    case 'plain_text_input': {
      const limits = html`${typeof el.max_length === 'number' ? html` maxlength="${el.max_length}"` : ''}${typeof el.min_length === 'number' ? html` minlength="${el.min_length}"` : ''}`;
      return el.multiline === true
        ? html`<textarea id="${name}" name="${name}" placeholder="${placeholder}"${limits}${req}>${str(el.initial_value)}</textarea>`
        : html`<input type="text" id="${name}" name="${name}" value="${str(el.initial_value)}" placeholder="${placeholder}"${limits}${req}>`;
    }
    case 'email_text_input':
    case 'url_text_input':
      return html`<input type="${el.type === 'email_text_input' ? 'email' : 'url'}" id="${name}" name="${name}" value="${str(el.initial_value)}" placeholder="${placeholder}"${req}>`;
    case 'number_input':
      return html`<input type="number" id="${name}" name="${name}" value="${str(el.initial_value)}" step="${el.is_decimal_allowed === true ? 'any' : '1'}"${
        el.min_value !== undefined ? html` min="${str(el.min_value)}"` : ''
      }${el.max_value !== undefined ? html` max="${str(el.max_value)}"` : ''} placeholder="${placeholder}"${req}>`;
    case 'datepicker':
      return html`<input type="date" id="${name}" name="${name}" value="${str(el.initial_date)}"${req}>`;
    case 'timepicker':
      return html`<input type="time" id="${name}" name="${name}" value="${str(el.initial_time)}"${req}>`;
    case 'datetimepicker': {
      const initial = typeof el.initial_date_time === 'number' ? DateTime.fromSeconds(el.initial_date_time, { zone: ctx.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm") : '';
      return html`<input type="datetime-local" id="${name}" name="${name}" value="${initial}" title="${ctx.timeZone}"${req}>`;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const kind = el.type === 'checkboxes' ? 'checkbox' : 'radio';
      const initial = new Set((el.type === 'checkboxes' ? list(el.initial_options) : isObject(el.initial_option) ? [el.initial_option] : []).map((o) => str(o.value)));
      return html`<fieldset class="choices" id="${name}">${list(el.options).map(
        (o) => html`<label class="choice"><input type="${kind}" name="${name}" value="${str(o.value)}"${initial.has(str(o.value)) ? raw(' checked') : ''}${kind === 'radio' ? req : ''}> ${text(o.text, ctx)}${
          o.description ? html`<span class="description">${text(o.description, ctx)}</span>` : ''
        }</label>`,
      )}</fieldset>`;
    }
    case 'static_select':
    case 'multi_static_select':
    case 'users_select':
    case 'multi_users_select':
    case 'channels_select':
    case 'multi_channels_select':
    case 'conversations_select':
    case 'multi_conversations_select':
      return select(el, name, required, ctx, '');
    case 'external_select':
      if (suggest) return externalSelect(el, name, required, placeholder, suggest);
      return html`<input type="text" id="${name}" name="${name}" placeholder="${placeholder || 'Type to search'}" value="${isObject(el.initial_option) ? str(el.initial_option.value) : ''}"${req}>`;
    case 'multi_external_select':
      // Guild has no multi external select yet: the sandbox lets a person type the value.
      return html`<input type="text" id="${name}" name="${name}" placeholder="${placeholder || 'Type to search'}" value="${isObject(el.initial_option) ? str(el.initial_option.value) : ''}"${req}>`;
    default:
      return html`<span class="unknown">[${str(el.type)}]</span>`;
  }
}

/**
 * An external select as Slack shows it: a search box whose typing (debounced, by the page's
 * script and htmx) becomes an options request to the app, and a list of the options it answers.
 * The chosen option's value is the form field, as for any select; its text rides along so a
 * redraw (field errors) shows what the person picked. The initial option shows until they pick.
 */
function externalSelect(el: Json, name: string, required: boolean, placeholder: string, suggest: Suggest): Html {
  const initial = isObject(el.initial_option) ? el.initial_option : undefined;
  const chosenText = initial ? plainOf(initial.text) : '';
  const vals = { viewId: suggest.viewId, blockId: suggest.blockId, actionId: str(el.action_id), field: name };
  const list = `${name}${FIELD_SEPARATOR}options`;
  return html`<div class="external-select">
<input type="hidden" name="${name}" value="${initial ? str(initial.value) : ''}">
<input type="hidden" name="${chosenTextFieldName(name)}" value="${chosenText}">
<input type="text" class="external-query" id="${name}" name="${queryFieldName(name)}" role="combobox" aria-expanded="false" aria-autocomplete="list" aria-controls="${list}" autocomplete="off" value="${chosenText}" data-chosen="${chosenText}" data-placeholder="${placeholder || 'Select an option'}" placeholder="${placeholder || 'Select an option'}"${
    required ? raw(' required') : ''
  } hx-post="${suggest.url}" hx-trigger="focus, input changed delay:250ms" hx-target="next .external-options" hx-swap="innerHTML" hx-sync="this:replace" hx-vals="${jsonAttr(vals)}">
<ul class="external-options" id="${list}" role="listbox" hidden></ul>
</div>`;
}

/** What an external select's list shows: the app's options (or groups), or why there are none. */
export interface ShownOptions {
  options: Json[];
  optionGroups?: Json[];
  /** Said instead of options: too few characters typed, or an answer Slack would refuse. */
  note?: string;
}

/**
 * The list of an external select, from the answer to its options request. Options are plain
 * text (Slack refuses anything else there); the chosen one is marked. Pure.
 */
export function externalOptionsHtml(shown: ShownOptions, chosen: string): Html {
  if (shown.note) return html`<li class="options-note" role="presentation">${shown.note}</li>`;
  const option = (o: Json) => {
    const label = plainOf(o.text);
    const value = str(o.value);
    return html`<li class="option" role="option" data-value="${value}" data-text="${label}" aria-selected="${value === chosen ? 'true' : 'false'}">${plainToHtml(label)}</li>`;
  };
  if (shown.optionGroups && shown.optionGroups.length > 0) {
    return html`${shown.optionGroups.map(
      (g) => html`<li class="option-group" role="presentation"><div class="option-group-label">${plainOf(g.label)}</div><ul role="group" aria-label="${plainOf(g.label)}">${list(g.options).map(option)}</ul></li>`,
    )}`;
  }
  if (shown.options.length === 0) return html`<li class="options-note" role="presentation">No results</li>`;
  return html`${shown.options.map(option)}`;
}

/** A select of any kind: static options (and groups), people or conversations. */
function select(el: Json, name: string, required: boolean, ctx: BlockContext, extra: Html | string): Html {
  const type = str(el.type);
  const multiple = type.startsWith('multi_');
  const placeholder = isObject(el.placeholder) ? str(el.placeholder.text) : 'Select an option';
  let options: Html[];
  let chosen: Set<string>;
  if (type.includes('users')) {
    chosen = new Set(multiple ? list(el.initial_users).map(String) : el.initial_user !== undefined ? [str(el.initial_user)] : []);
    options = ctx.people.map((p) => html`<option value="${p.id}"${chosen.has(p.id) ? raw(' selected') : ''}>${p.name}</option>`);
  } else if (type.includes('channels') || type.includes('conversations')) {
    const initial = multiple ? list(el.initial_channels ?? el.initial_conversations).map(String) : [str(el.initial_channel ?? el.initial_conversation)];
    chosen = new Set(initial);
    options = ctx.conversations.map((c) => html`<option value="${c.id}"${chosen.has(c.id) ? raw(' selected') : ''}>#${c.name}</option>`);
  } else {
    chosen = new Set((multiple ? list(el.initial_options) : isObject(el.initial_option) ? [el.initial_option] : []).map((o) => str(o.value)));
    const option = (o: Json) => html`<option value="${str(o.value)}"${chosen.has(str(o.value)) ? raw(' selected') : ''}>${plainOf(o.text)}</option>`;
    options = Array.isArray(el.option_groups)
      ? list(el.option_groups).map((g) => html`<optgroup label="${plainOf(g.label)}">${list(g.options).map(option)}</optgroup>`)
      : list(el.options).map(option);
  }
  const blank = multiple ? '' : html`<option value=""${chosen.size === 0 ? raw(' selected') : ''}${required ? raw(' disabled') : ''}>${placeholder}</option>`;
  return html`<select id="${name}" name="${name}"${multiple ? raw(' multiple') : ''}${required ? raw(' required') : ''}${extra instanceof Html ? extra : raw(extra)}>${blank}${options}</select>`;
}

/** An element outside an input block: it acts at once, as a block action. */
function element(el: Json, blockId: string, surface: Surface, ctx: BlockContext): Html {
  const actionId = str(el.action_id);
  const route = surface.kind === 'message' ? { channel: surface.channel, ts: surface.ts } : { viewId: surface.viewId };
  const interactive = surface.kind === 'view' || surface.interactive;
  const confirm = isObject(el.confirm) ? confirmText(el.confirm) : undefined;
  const attrs = (more: Json = {}) =>
    html` hx-post="${surface.actUrl}" hx-vals="${jsonAttr({ ...route, actionId, blockId, ...more })}" hx-swap="none"${confirm ? html` hx-confirm="${confirm}"` : ''}${interactive ? '' : raw(' disabled')}`;
  const act = attrs();
  switch (el.type) {
    case 'button': {
      if (typeof el.url === 'string' && safeUrl(el.url)) return html`<a class="button" href="${el.url}" target="_blank" rel="noopener">${text(el.text, ctx)}</a>`;
      const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
      return html`<button type="button" class="button${style}" data-action="${actionId}"${attrs(el.value !== undefined ? { value: str(el.value) } : {})}>${text(el.text, ctx)}</button>`;
    }
    case 'overflow':
      return html`<select class="overflow" data-action="${actionId}" name="selected" aria-label="More actions" hx-trigger="change"${act}><option value="" selected disabled>⋯</option>${list(el.options).map(
        (o) => html`<option value="${str(o.value)}">${plainOf(o.text)}</option>`,
      )}</select>`;
    case 'datepicker':
      return html`<input type="date" data-action="${actionId}" name="selected" value="${str(el.initial_date)}" hx-trigger="change"${act}>`;
    case 'timepicker':
      return html`<input type="time" data-action="${actionId}" name="selected" value="${str(el.initial_time)}" hx-trigger="change"${act}>`;
    case 'image':
      return image(el, 'accessory-image');
    case 'checkboxes':
    case 'radio_buttons':
      return html`<form class="inline-choices" data-action="${actionId}" hx-trigger="change"${act}>${field(el, blockId, false, ctx)}</form>`;
    default:
      if (str(el.type).includes('select')) return select(el, 'selected', false, ctx, html` data-action="${actionId}" hx-trigger="change"${act}`);
      return html`<span class="unknown">[${str(el.type)}]</span>`;
  }
}

function confirmText(confirm: Json): string {
  return [plainOf(confirm.title), plainOf(confirm.text)].filter(Boolean).join('\n\n');
}

function image(el: Json, cls: string): Html {
  const url = str(el.image_url);
  return safeUrl(url) ? html`<img class="${cls}" src="${url}" alt="${str(el.alt_text)}" loading="lazy">` : html`<span class="${cls} missing">${str(el.alt_text)}</span>`;
}

/** A text object: mrkdwn is parsed, plain_text never is (only its emoji). */
function text(value: unknown, ctx: ViewerContext): Html {
  if (typeof value === 'string') return plainToHtml(value);
  if (!isObject(value)) return html``;
  if (value.type === 'mrkdwn') return mrkdwnToHtml(str(value.text), ctx);
  return plainToHtml(str(value.text), value.emoji !== false);
}

function plainOf(value: unknown): string {
  return isObject(value) ? str(value.text) : typeof value === 'string' ? value : '';
}

function richElements(elements: unknown, ctx: ViewerContext): Html {
  return html`${list(elements).map((el) => {
    switch (el.type) {
      case 'rich_text_section':
        return html`<p class="rt-section">${list(el.elements).map((e) => richInline(e, ctx))}</p>`;
      case 'rich_text_list': {
        const items = list(el.elements).map((item) => html`<li>${list(item.elements).map((e) => richInline(e, ctx))}</li>`);
        const indent = typeof el.indent === 'number' ? el.indent : 0;
        return el.style === 'ordered' ? html`<ol class="rt-list indent-${indent}">${items}</ol>` : html`<ul class="rt-list indent-${indent}">${items}</ul>`;
      }
      case 'rich_text_preformatted':
        return html`<pre class="code-block">${list(el.elements).map((e) => richInline(e, ctx, true))}</pre>`;
      case 'rich_text_quote':
        return html`<blockquote>${list(el.elements).map((e) => richInline(e, ctx))}</blockquote>`;
      default:
        return richInline(el, ctx);
    }
  })}`;
}

function richInline(el: Json, ctx: ViewerContext, preformatted = false): Html {
  const style = isObject(el.style) ? el.style : {};
  const styled = (inner: Html): Html => {
    let out = inner;
    if (style.code === true && !preformatted) out = html`<code>${out}</code>`;
    if (style.bold === true) out = html`<b>${out}</b>`;
    if (style.italic === true) out = html`<i>${out}</i>`;
    if (style.strike === true) out = html`<s>${out}</s>`;
    return out;
  };
  switch (el.type) {
    case 'text':
      return styled(plainToHtml(str(el.text), false));
    case 'link': {
      const url = str(el.url);
      const label = str(el.text) || url;
      return styled(safeUrl(url) ? html`<a href="${url}" target="_blank" rel="noopener">${label}</a>` : html`${label}`);
    }
    case 'user': {
      const id = str(el.user_id);
      return styled(html`<span class="mention${id === ctx.viewer ? ' me' : ''}" data-user="${id}">@${ctx.userName(id) ?? id}</span>`);
    }
    case 'channel':
      return styled(html`<span class="channel-link">#${ctx.channelName(str(el.channel_id)) ?? str(el.channel_id)}</span>`);
    case 'usergroup':
      return styled(html`<span class="mention">@${str(el.usergroup_id)}</span>`);
    case 'broadcast':
      return html`<span class="ping" title="notifies everyone in the conversation">@${str(el.range)}</span>`;
    case 'emoji':
      return plainToHtml(typeof el.unicode === 'string' ? String.fromCodePoint(...el.unicode.split('-').map((h) => parseInt(h, 16))) : `:${str(el.name)}:`);
    case 'date': {
      const format = str(el.format) || '{date_short}';
      return mrkdwnToHtml(`<!date^${str(el.timestamp)}^${format}|${str(el.fallback)}>`, ctx);
    }
    default:
      return html``;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
