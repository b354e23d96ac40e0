import type { ViewerContext } from './context';
import { withEmoji } from './emoji';
import { escapeHtml, Html } from './html';
import { slackDate } from './slack-date';

/**
 * Slack's mrkdwn as HTML, the way Slack's clients render it ("Formatting text for app surfaces"):
 * control sequences (`<@U…>`, `<#C…>`, `<!channel>`, `<!date^…>`, `<url|label>`), code spans and
 * blocks, *bold*, _italic_, ~strike~, `>` quotes, line breaks and emoji shortcodes. Text outside
 * control sequences carries Slack's own escapes (`&amp;`, `&lt;`, `&gt;`), which are decoded and
 * then escaped again for HTML: nothing in the input can become markup.
 *
 * An unescaped `<!channel>`, `<!here>` or `<!everyone>` is shown as the ping it is (class `ping`),
 * which is how a person sees that a message would notify everyone.
 */
export function mrkdwnToHtml(text: string, ctx: ViewerContext): Html {
  const pieces: string[] = [];
  // Placeholders use private-use characters that neither Slack's text nor HTML escaping produce.
  const hold = (markup: string) => `\uE000${pieces.push(markup) - 1}\uE001`;
  let work = text.replace(/```([\s\S]*?)```/g, (_, code: string) => hold(`<pre class="code-block">${escapeHtml(decode(code.replace(/^\n/, '')))}</pre>`));
  work = work.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(decode(code))}</code>`));
  work = work.replace(/<([^<>]*)>/g, (whole, body: string) => hold(sequence(body, ctx) ?? escapeHtml(decode(whole))));
  let out = escapeHtml(decode(work));
  out = out.replace(/(^|[^\w*])\*(?!\s)([^*\n]*?[^\s*]|[^\s*])\*(?![\w*])/g, '$1<b>$2</b>');
  out = out.replace(/(^|[^\w_])_(?!\s)([^_\n]*?[^\s_]|[^\s_])_(?![\w_])/g, '$1<i>$2</i>');
  out = out.replace(/(^|[^\w~])~(?!\s)([^~\n]*?[^\s~]|[^\s~])~(?![\w~])/g, '$1<s>$2</s>');
  out = withEmoji(out);
  out = quotes(out);
  out = out.replace(/\n/g, '<br>');
  out = out.replace(/\uE000(\d+)\uE001/g, (_, i: string) => pieces[Number(i)] ?? '');
  return new Html(out);
}

/** Plain text as Slack shows it: nothing parsed, emoji shortcodes shown when `emoji` is on. */
export function plainToHtml(text: string, emoji = true): Html {
  const escaped = escapeHtml(text).replace(/\n/g, '<br>');
  return new Html(emoji ? withEmoji(escaped) : escaped);
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Lines starting with `>` (escaped `&gt;` once decoded and re-escaped) are block quotes. */
function quotes(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<blockquote>${line.replace(/^&gt; ?/, '')}</blockquote>` : line))
    .join('\n')
    .replace(/<\/blockquote>\n<blockquote>/g, '<br>');
}

const PINGS: Record<string, string> = { channel: '@channel', here: '@here', everyone: '@everyone', group: '@channel' };

function sequence(body: string, ctx: ViewerContext): string | undefined {
  const bar = body.indexOf('|');
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? decode(body.slice(bar + 1)) : undefined;
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (command.startsWith('date^')) {
      const date = slackDate(command, ctx.timeZone, ctx.now);
      if (!date) return escapeHtml(label ?? '');
      const text = `<time class="slack-date" title="${escapeHtml(ctx.timeZone)}">${escapeHtml(date.text)}</time>`;
      return date.link && safeUrl(date.link) ? `<a href="${escapeHtml(date.link)}" target="_blank" rel="noopener">${text}</a>` : text;
    }
    if (command.startsWith('subteam^')) return `<span class="mention">${escapeHtml(label ?? `@${command.slice(8)}`)}</span>`;
    const ping = PINGS[command];
    if (ping) return `<span class="ping" title="notifies everyone in the conversation">${ping}</span>`;
    return escapeHtml(label ?? '');
  }
  if (/^@[UW][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    const name = ctx.userName(id) ?? label?.replace(/^@/, '') ?? id;
    const me = id === ctx.viewer ? ' me' : '';
    return `<span class="mention${me}" data-user="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
  }
  if (/^#[CGD][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    const name = ctx.channelName(id) ?? label ?? id;
    return `<span class="channel-link" data-channel="${escapeHtml(id)}">#${escapeHtml(name)}</span>`;
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target)) {
    const url = decode(target);
    const shown = escapeHtml(label ?? url.replace(/^mailto:/, ''));
    return safeUrl(url) ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${shown}</a>` : `<span class="link">${shown}</span>`;
  }
  return undefined;
}

/** Only web and mail links become clickable: a `javascript:` URL stays text. */
export function safeUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url);
}
