import type { KnownBlock } from '@slack/types';
import { clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import type { CoffeeStats } from '../coffee';
import type { MentoringStats } from '../mentoring';

export interface PairingStats {
  coffee: CoffeeStats;
  mentoring: MentoringStats;
}

/** Slack's limit on a section block's text (Block Kit reference, section block). */
const SECTION_TEXT_MAX = 3000;

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Coffee groups in one line: rounds, groups, how many met, new connections. */
export function coffeeLine({ rounds, groups, metRate, uniqueConnections }: CoffeeStats): string {
  if (rounds === 0) return 'Coffee groups: no round has gone out yet.';
  return `Coffee groups: ${plural(rounds, 'round')}, ${plural(groups, 'group')}, ${percent(metRate)} of groups asked said they met, ${plural(uniqueConnections, 'unique connection')}.`;
}

/** Mentoring in one line: active now, waiting for answers, started in all, declined, ended. */
export function mentoringLine({ activeMentorships, proposed, accepted, declines, ended }: MentoringStats): string {
  if (activeMentorships + proposed + accepted + declines + ended === 0) return 'Mentoring: no match proposed yet.';
  return `Mentoring: ${plural(activeMentorships, 'active mentorship')}, ${plural(proposed, 'proposal')} waiting for answers, ${accepted} accepted in all, ${plural(declines, 'decline')}, ${ended} ended.`;
}

/** `/guild pairing stats`: the community's figures, for its organisers. */
export function pairingStatsMessage(communityName: string, stats: PairingStats): { text: string; blocks: KnownBlock[] } {
  const heading = `*Pairing in ${mrkdwnText(communityName, 150)}*`;
  const lines = [coffeeLine(stats.coffee), mentoringLine(stats.mentoring)];
  return {
    text: `${heading}\n${lines.join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: heading } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.map((l) => `• ${l}`).join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Counts only: nobody\'s answers, reasons or matches are shown here.' }] },
    ],
  };
}

/** What organisers see on their App Home: a line of figures per community they organise. */
export function pairingHomeBlocks(communities: Array<{ name: string; stats: PairingStats }>): KnownBlock[] {
  if (communities.length === 0) return [];
  const rows = communities.map(({ name, stats }) => `*${mrkdwnText(name, 150)}*\n${coffeeLine(stats.coffee)}\n${mentoringLine(stats.mentoring)}`);
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Pairing in the communities you organise' } },
    { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(rows.join('\n\n'), SECTION_TEXT_MAX) } },
  ];
}
