import type { KnownBlock } from '@slack/types';
import { clipMrkdwn, MESSAGE_TEXT_MAX, mrkdwnText } from '../../slack/kit/text';
import type { RetroRecord, RetroSummary } from './retro.summary';

/**
 * The messages a retro sends besides its board: discussion threads, the closing summary, and
 * DMs to action item owners. Pure; anonymous retros' messages carry no author. Everything a
 * person typed (titles, items, action items) is escaped and cut by the text kit, so it shows as
 * typed and pings nobody.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The key of an item's discussion thread message: how a reply in the thread finds the item. */
export const threadKey = (retroId: number, itemId: number) => `retro:${retroId}:item:${itemId}:thread`;

/** The channel message whose thread holds an item's discussion. Its key lets a reply find the item. */
export function threadMessage(retro: { id: number; channelId: string; title: string }, item: { id: number; text: string; votes: number }) {
  return {
    key: threadKey(retro.id, item.id),
    to: { channel: retro.channelId },
    text: `:speech_balloon: *Discuss* (${plural(item.votes, 'vote')}, retro *${mrkdwnText(retro.title, 80)}*): ${mrkdwnText(item.text, 2500)}\nReply in this thread; the replies are kept as notes in the retro's summary.`,
  };
}

export function summaryMessage(record: RetroRecord, summary: RetroSummary): { text: string; blocks: KnownBlock[] } {
  const top = summary.top.length
    ? summary.top.map((t, i) => `${i + 1}. ${mrkdwnText(t.text, 300)} — ${plural(t.votes, 'vote')}`).join('\n')
    : '_No item got a vote._';
  const actions = summary.actions.length
    ? summary.actions.map((a) => `• ${mrkdwnText(a.text, 300)} — <@${a.ownerId}>${a.dueDate ? `, due ${a.dueDate}` : ''}`).join('\n')
    : '_No action items._';
  const headline = `Retro *${mrkdwnText(record.title, 150)}* closed: ${plural(summary.participants, 'person', 'people')} took part, ${plural(summary.items, 'item')}, ${plural(summary.votes, 'vote')}.`;
  return {
    text: `${headline} ${plural(summary.actions.length, 'action item')}.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(`*Top items*\n${top}`, 2990) } },
      { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(`*Action items*\n${actions}`, 2990) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `\`/retro export ${record.id}\` for Markdown, \`/retro export ${record.id} csv\` for CSV; \`/retro history\` for earlier retros.` }] },
    ],
  };
}

/** An owner's open action items; the list gives way before the message outgrows Slack's text limit. */
const actionLines = (actions: { text: string; dueDate?: string; retroTitle: string }[]) =>
  clipMrkdwn(actions.map((a) => `• ${mrkdwnText(a.text, 300)}${a.dueDate ? ` (due ${a.dueDate})` : ''} — from *${mrkdwnText(a.retroTitle, 80)}*`).join('\n'), MESSAGE_TEXT_MAX - 1000);

/** To an owner when a retro starts that will review their open action items. */
export function reviewNotice(title: string, channelId: string, actions: { text: string; dueDate?: string; retroTitle: string }[]): string {
  return `The retro *${mrkdwnText(title, 150)}* has started in <#${channelId}> and will go over your open action items:\n${actionLines(actions)}\nMark them done, carry them over or drop them on its board.`;
}

/** To an owner the day before a scheduled retro. */
export function nextRetroNotice(title: string, channelId: string, at: Date, actions: { text: string; dueDate?: string; retroTitle: string }[]): string {
  const when = `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
  return `The next retro in <#${channelId}>, *${mrkdwnText(title, 150)}*, is ${when}. It will go over your open action items:\n${actionLines(actions)}\nAlready done? \`/retro actions\` in <#${channelId}> lets you mark them.`;
}

/** To an owner the day before an action item is due. */
export function actionDueNotice(text: string, retroTitle: string, channelId: string, due: string): string {
  return `Reminder: "${mrkdwnText(text, 600)}" from the retro *${mrkdwnText(retroTitle, 150)}* in <#${channelId}> is due ${due}.`;
}
