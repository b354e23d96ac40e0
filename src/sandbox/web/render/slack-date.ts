import { DateTime } from 'luxon';

/**
 * `<!date^SECONDS^FORMAT^LINK|fallback>` as Slack renders it, in the reader's time zone. Tokens
 * from Slack's "Formatting text" reference: {date_num}, {date}, {date_short}, {date_long},
 * their `_pretty` forms (today / yesterday / tomorrow), {time}, {time_secs}, {ago}.
 * Returns undefined when the sequence cannot be read (Slack then shows the fallback).
 */
export function slackDate(body: string, zone: string, now: Date): { text: string; link?: string } | undefined {
  const [, seconds, format, link] = body.split('^');
  const epoch = Number(seconds);
  if (!Number.isFinite(epoch) || format === undefined) return undefined;
  const at = DateTime.fromSeconds(epoch, { zone });
  if (!at.isValid) return undefined;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const dayOffset = Math.round(at.startOf('day').diff(today, 'days').days);
  const pretty = (fallback: string) => (dayOffset === 0 ? 'Today' : dayOffset === -1 ? 'Yesterday' : dayOffset === 1 ? 'Tomorrow' : fallback);
  const ordinal = (d: number) => `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;
  const date = `${at.toFormat('MMMM')} ${ordinal(at.day)}, ${at.year}`;
  const dateShort = at.toFormat('MMM d, yyyy');
  const dateLong = `${at.toFormat('cccc')}, ${date}`;
  const tokens: Record<string, string> = {
    date_num: at.toFormat('yyyy-MM-dd'),
    date,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: pretty(date),
    date_short_pretty: pretty(dateShort),
    date_long_pretty: pretty(dateLong),
    time: at.toFormat('h:mm a'),
    time_secs: at.toFormat('h:mm:ss a'),
    ago: ago(epoch * 1000 - now.getTime()),
  };
  const text = format.replace(/\{([a-z_]+)\}/g, (whole, token: string) => tokens[token] ?? whole);
  return link ? { text, link } : { text };
}

function ago(deltaMs: number): string {
  const future = deltaMs > 0;
  const s = Math.abs(deltaMs) / 1000;
  const [n, unit] = s < 60 ? [Math.round(s), 'second'] : s < 3600 ? [Math.round(s / 60), 'minute'] : s < 86_400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86_400), 'day'];
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return future ? `in ${phrase}` : `${phrase} ago`;
}
