import type { KnownBlock, SectionBlock } from '@slack/types';
import type { CommunityStuck } from '../../../../src/rituals/health/health.stuck';
import { feedValue, jobValue, retryOutcomeText, STUCK_REMOVE_FEED_ACTION, STUCK_RETRY_ACTION, stuckBlocks, stuckLines } from '../../../../src/rituals/health/health.stuck.views';
import { withHomeSection } from '../../../../src/slack/kit/home-section';

const at = (iso: string) => new Date(iso);
const empty = (over: Partial<CommunityStuck> = {}): CommunityStuck => ({ id: 7, name: 'Design <team>', deadJobs: [], deadJobsTotal: 0, feeds: [], rounds: [], undelivered: [], schedules: [], ...over });
const texts = (blocks: KnownBlock[]) => blocks.map((b) => ((b as SectionBlock).text?.text ?? JSON.stringify(b)));

describe('stuck views', () => {
  it('shows nothing to a person who organises nothing, and "Nothing stuck" with the schedules otherwise', () => {
    expect(stuckBlocks([])).toEqual([]);
    const blocks = stuckBlocks([empty({ schedules: [{ id: 1, name: 'Coffee & <b>', kind: 'coffee.round', status: 'active', description: 'weekly', timeZone: 'Europe/London', nextRunAt: at('2026-12-14T09:00:00Z') }, { id: 2, name: 'Retro', kind: 'retro.start', status: 'paused', description: 'weekly', timeZone: 'UTC' }] })]);
    expect(texts(blocks).slice(1)).toEqual([
      '*Anything stuck in Design &lt;team&gt;*\n:white_check_mark: Nothing stuck.',
      '*Schedules:*\n• Coffee &amp; &lt;b&gt;: next Mon 14 Dec, 09:00 (Europe/London)\n• Retro: paused',
    ]);
  });

  it('gives a retryable dead job a Retry button carrying its id, escapes what people typed, and offers Remove for a failing feed', () => {
    const blocks = stuckBlocks([empty({
      deadJobs: [{ id: 12345678901n, kind: 'coffee.round', lastError: 'boom <@U1>', failedAt: at('2026-12-06T09:00:00Z'), retryable: true }, { id: 2n, kind: 'odd.kind', lastError: null, failedAt: at('2026-12-05T09:00:00Z'), retryable: false }],
      deadJobsTotal: 2,
      feeds: [{ id: 9, url: 'https://x.example/?a=<1>&b', title: null, lastError: 'HTTP 404', failingSince: at('2026-12-01T06:00:00Z') }],
    })]);
    const [retry, late, feed] = blocks.slice(2) as SectionBlock[];
    expect(retry!.text!.text).toContain('*Coffee round* failed for good <!date^1796547600^{date_short_pretty} {time}|2026-12-06 09:00 UTC>: boom &lt;@U1&gt;');
    expect(retry!.accessory).toMatchObject({ action_id: STUCK_RETRY_ACTION, text: { text: 'Retry' } });
    expect(jobValue.decode((retry!.accessory as { value: string }).value)).toEqual({ jobId: 12345678901n });
    expect(late!.accessory).toBeUndefined();
    expect(late!.text!.text).toContain('*odd.kind* failed for good');
    expect(late!.text!.text).toContain('Too late to retry');
    expect(feed!.text!.text).toContain('Feed *https://x.example/?a=&lt;1&gt;&amp;b* has failed since');
    expect(feed!.accessory).toMatchObject({ action_id: STUCK_REMOVE_FEED_ACTION, style: 'danger', confirm: { confirm: { text: 'Remove' } } });
    expect(feedValue.decode((feed!.accessory as { value: string }).value)).toEqual({ feedId: 9 });
  });

  it('shows at most five lines and counts the rest, dead jobs not listed included', () => {
    const job = (n: number) => ({ id: BigInt(n), kind: 'events.reminder', lastError: null, failedAt: at('2026-12-06T09:00:00Z'), retryable: true });
    const community = empty({
      deadJobs: [1, 2, 3, 4, 5].map(job),
      deadJobsTotal: 8,
      rounds: [{ date: '2026-12-01', problem: 'unsent' }],
      undelivered: [{ channelId: null, error: 'user_not_found', count: 2, lastAt: at('2026-12-06T09:00:00Z') }, { channelId: 'C0A', error: 'is_archived', count: 1, lastAt: at('2026-12-06T09:00:00Z') }],
    });
    const { lines, more } = stuckLines(community);
    expect(lines).toHaveLength(5);
    expect(more).toBe(3 + 3);
    const blocks = stuckBlocks([community]);
    expect(blocks).toHaveLength(1 + 1 + 5 + 1 + 1);
    expect(JSON.stringify(blocks)).toContain('…and 6 more.');
    const undelivered = stuckLines(empty({ undelivered: community.undelivered })).lines.map((l) => l.text);
    expect(undelivered[0]).toMatch(/^:mailbox_closed: 2 messages by DM could not be delivered \(user_not_found\)/);
    expect(undelivered[1]).toMatch(/^:mailbox_closed: 1 message in <#C0A> could not be delivered \(is_archived\)/);
  });

  it('stays within Slack limits for three communities full of trouble', () => {
    const full = (id: number) => empty({ id, name: 'x'.repeat(500), deadJobs: [1, 2, 3, 4, 5].map((n) => ({ id: BigInt(n), kind: 'coffee.round', lastError: '<'.repeat(3000), failedAt: at('2026-12-06T09:00:00Z'), retryable: true })), deadJobsTotal: 400, schedules: Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: '&'.repeat(200), kind: 'k', status: 'active' as const, description: '', timeZone: 'UTC', nextRunAt: at('2026-12-14T09:00:00Z') })) });
    const blocks = stuckBlocks([full(1), full(2), full(3)]);
    expect(blocks.length).toBeLessThanOrEqual(1 + 3 * 8);
    for (const text of texts(blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('replaces its own section in a shown Home and leaves the rest alone', () => {
    const shown: KnownBlock[] = [{ type: 'divider', block_id: 'mine' }, ...stuckBlocks([empty()]), { type: 'divider', block_id: 'after' }];
    const fresh = stuckBlocks([empty({ name: 'Fresh' })]);
    const next = withHomeSection('health_stuck', shown, fresh);
    expect(next.map((b) => b.block_id)).toEqual(['mine', ...fresh.map((b) => b.block_id), 'after']);
    expect(JSON.stringify(next)).toContain('Fresh');
    expect(withHomeSection('health_stuck', shown, []).map((b) => b.block_id)).toEqual(['mine', 'after']);
  });

  it('explains a retry that did not happen', () => {
    expect(retryOutcomeText('revived')).toBeUndefined();
    expect(retryOutcomeText('too-late')).toMatch(/too late/);
    expect(retryOutcomeText('not-dead')).toMatch(/not stuck any more/);
  });
});
