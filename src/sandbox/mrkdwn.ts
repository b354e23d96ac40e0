import { isObject } from './block-kit';

/**
 * What the control sequences of a mrkdwn string would do once Slack renders it: who gets
 * pinged or mentioned, which channels and user groups are linked, where links point.
 *
 * Rules from Slack's "Formatting text for app surfaces" reference: `&`, `<` and `>` are control
 * characters; a sequence runs from `<` to the next `>`, with an optional `|label`:
 * `<!here>`, `<!channel>`, `<!everyone>` (special mentions, i.e. pings), `<@U…>` (user
 * mention), `<#C…>` (channel link), `<!subteam^S…>` (user group mention), `<!date^…|fallback>`
 * (a localised date: not a ping), and `<url|label>` / `<url>` (a link). Text escaped as
 * `&lt;!channel&gt;` has no `<` left and is not live.
 */
export interface LiveLink {
  url: string;
  label?: string;
}

export interface LiveSequences {
  /** Special mentions: 'channel', 'here', 'everyone'. */
  pings: string[];
  /** User ids mentioned. */
  mentions: string[];
  /** Channel ids linked. */
  channels: string[];
  /** User group (subteam) ids mentioned. */
  usergroups: string[];
  links: LiveLink[];
  /** `<!date^…>` sequences, as written (they render a date, they ping nobody). */
  dates: string[];
}

export function emptyLive(): LiveSequences {
  return { pings: [], mentions: [], channels: [], usergroups: [], links: [], dates: [] };
}

const SPECIAL_PINGS: Record<string, string> = { channel: 'channel', here: 'here', everyone: 'everyone', group: 'channel' };

/** The live control sequences of one mrkdwn string. Pure. */
export function liveSequences(mrkdwn: string, options: { linkNames?: boolean } = {}): LiveSequences {
  const live = emptyLive();
  // A sequence cannot contain another `<`: Slack renders `<<!here>` as a `<` and then a ping.
  const sequence = /<([^<>]*)>/g;
  for (const match of mrkdwn.matchAll(sequence)) {
    const body = match[1] ?? '';
    const bar = body.indexOf('|');
    const target = bar >= 0 ? body.slice(0, bar) : body;
    const label = bar >= 0 ? body.slice(bar + 1) : undefined;
    addSequence(live, target, label);
  }
  if (options.linkNames) {
    // chat.postMessage's `link_names` also turns bare @channel / @here / @everyone into pings.
    const outside = mrkdwn.replace(sequence, ' ');
    for (const word of outside.matchAll(/(^|[^\w@])@(channel|here|everyone)\b/g)) live.pings.push(word[2] as string);
  }
  return live;
}

function addSequence(live: LiveSequences, target: string, label: string | undefined): void {
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (command.startsWith('subteam^')) {
      live.usergroups.push(command.slice('subteam^'.length));
      return;
    }
    if (command.startsWith('date^')) {
      live.dates.push(label === undefined ? `<${target}>` : `<${target}|${label}>`);
      return;
    }
    const ping = SPECIAL_PINGS[command];
    if (ping) live.pings.push(ping);
    return;
  }
  if (/^@[UW][A-Z0-9]+$/.test(target)) {
    live.mentions.push(target.slice(1));
    return;
  }
  if (/^#[CGD][A-Z0-9]+$/.test(target)) {
    live.channels.push(target.slice(1));
    return;
  }
  // Anything with a URL scheme is a link (http, https, mailto, tel, slack...); its label is what
  // the reader sees, which is why a disguised label matters.
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) {
    live.links.push(label === undefined ? { url: target } : { url: target, label });
  }
}

export function mergeLive(into: LiveSequences, from: LiveSequences): LiveSequences {
  into.pings.push(...from.pings);
  into.mentions.push(...from.mentions);
  into.channels.push(...from.channels);
  into.usergroups.push(...from.usergroups);
  into.links.push(...from.links);
  into.dates.push(...from.dates);
  return into;
}

/**
 * Everything live in a message: its `text` (always mrkdwn for control sequences), the `mrkdwn`
 * text objects of its blocks (section text and fields, context elements, option texts and
 * descriptions of radio buttons and checkboxes), the explicit mention elements of rich_text
 * blocks, and the text of legacy attachments. `plain_text` objects are never parsed.
 */
export function messageLive(input: { text?: string | undefined; blocks?: unknown[] | undefined; attachments?: unknown[] | undefined; linkNames?: boolean }): LiveSequences {
  const options = { linkNames: input.linkNames === true };
  const live = liveSequences(input.text ?? '', options);
  for (const block of input.blocks ?? []) mergeLive(live, blockLive(block, options));
  for (const attachment of input.attachments ?? []) {
    if (!isObject(attachment)) continue;
    for (const key of ['text', 'pretext']) {
      const value = attachment[key];
      if (typeof value === 'string') mergeLive(live, liveSequences(value, options));
    }
    if (Array.isArray(attachment.fields)) {
      for (const field of attachment.fields) if (isObject(field) && typeof field.value === 'string') mergeLive(live, liveSequences(field.value, options));
    }
    if (Array.isArray(attachment.blocks)) for (const block of attachment.blocks) mergeLive(live, blockLive(block, options));
  }
  return live;
}

function blockLive(block: unknown, options: { linkNames: boolean }): LiveSequences {
  const live = emptyLive();
  if (!isObject(block)) return live;
  const text = (value: unknown): void => {
    if (isObject(value) && value.type === 'mrkdwn' && typeof value.text === 'string') mergeLive(live, liveSequences(value.text, options));
  };
  const element = (value: unknown): void => {
    if (!isObject(value)) return;
    if (Array.isArray(value.options)) {
      for (const option of value.options) {
        if (!isObject(option)) continue;
        text(option.text);
        text(option.description);
      }
    }
  };
  switch (block.type) {
    case 'section':
      text(block.text);
      if (Array.isArray(block.fields)) block.fields.forEach(text);
      element(block.accessory);
      break;
    case 'context':
      if (Array.isArray(block.elements)) block.elements.forEach(text);
      break;
    case 'actions':
      if (Array.isArray(block.elements)) block.elements.forEach(element);
      break;
    case 'input':
      element(block.element);
      break;
    case 'rich_text':
      richText(block.elements, live);
      break;
    default:
      break;
  }
  return live;
}

/** rich_text carries mentions as typed elements rather than markup; they are just as live. */
function richText(elements: unknown, live: LiveSequences): void {
  if (!Array.isArray(elements)) return;
  for (const element of elements) {
    if (!isObject(element)) continue;
    switch (element.type) {
      case 'broadcast':
        if (typeof element.range === 'string') live.pings.push(element.range);
        break;
      case 'user':
        if (typeof element.user_id === 'string') live.mentions.push(element.user_id);
        break;
      case 'channel':
        if (typeof element.channel_id === 'string') live.channels.push(element.channel_id);
        break;
      case 'usergroup':
        if (typeof element.usergroup_id === 'string') live.usergroups.push(element.usergroup_id);
        break;
      case 'link':
        if (typeof element.url === 'string') live.links.push(typeof element.text === 'string' ? { url: element.url, label: element.text } : { url: element.url });
        break;
      default:
        richText(element.elements, live);
    }
  }
}
