import { blockProblems, MESSAGE_BLOCK_LIMIT, SURFACE_BLOCK_LIMIT } from '../../../../src/sandbox/block-kit';
import { pollFormView, parsePollForm } from '../../../../src/rituals/polls/polls.form';
import { POLL_FIELDS, POLL_INPUT } from '../../../../src/rituals/polls/polls.ids';
import { breakdownText, pollMessage, resultsMessage, yourVotesText } from '../../../../src/rituals/polls/polls.messages';
import { OPTIONS_MAX } from '../../../../src/rituals/polls/polls.rules';
import type { PollState, PollView } from '../../../../src/rituals/polls/polls.types';

function poll(overrides: Partial<PollView> = {}): PollView {
  return {
    id: 7, communityId: 1, channelId: 'C1', question: 'Which <!channel> topic & when?', kind: 'single', maxChoices: 1, anonymous: false, hideResults: false, membersAddOptions: true,
    topicId: null, status: 'open', closesAt: new Date('2026-05-01T16:00:00Z'), remindLeadMinutes: null, timeZone: 'Europe/London', createdBy: 'U1', closedAt: null, closedBy: null,
    options: [{ id: 1, text: 'Testing <b>', position: 0 }, { id: 2, text: 'Accessibility', position: 1 }],
    ...overrides,
  };
}

function state(p: PollView, votes: [number, number | null, number][] = [[1, 2, 3], [2, null, 1]], names: [number, string[]][] = [[1, ['U2', 'U3', 'U4']]]): PollState {
  const cells = votes.map(([optionId, level, n]) => ({ optionId, level, votes: n, weight: n, points: n }));
  const byLevel = new Map<number | null, number>();
  for (const [, level, n] of votes) byLevel.set(level, (byLevel.get(level) ?? 0) + n);
  return { poll: p, counts: { voters: 4, cells, votersByLevel: byLevel, namesByOption: new Map(names) } };
}

const text = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe('poll messages', () => {
  it('shows each option with its bar, count and voters, escaped, within Slack limits', () => {
    const message = pollMessage(state(poll()));
    expect(blockProblems(message.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    expect(text(message)).toContain('Which &lt;!channel&gt; topic &amp; when?');
    expect(text(message)).toContain('Testing &lt;b&gt;');
    expect(text(message)).toContain('`█████████░░░` 3 votes · 75%');
    expect(text(message)).toContain('<@U2> <@U3> <@U4>');
    expect(text(message)).toContain('Add an option');
    expect(text(message)).toContain('4 people voted');
  });

  it('hides the counts (and names) until the close when asked', () => {
    const hidden = pollMessage(state(poll({ hideResults: true })));
    expect(text(hidden)).not.toContain('█');
    expect(text(hidden)).not.toContain('<@U2>');
    expect(text(hidden)).toContain('The counts show when it closes');
    const closed = pollMessage(state(poll({ hideResults: true, status: 'closed', closedAt: new Date('2026-05-01T16:00:00Z') })));
    expect(text(closed)).toContain('█');
    expect(text(closed)).not.toContain('poll_vote');
  });

  it('anonymous polls name nobody; dot polls vote through a menu', () => {
    const dots = pollMessage(state(poll({ anonymous: true, kind: 'dots', maxChoices: 5 })));
    expect(text(dots)).not.toContain('<@U2>');
    expect(text(dots)).toContain('poll_dots');
    expect(blockProblems(dots.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
  });

  it('holds 25 long options inside Slack limits', () => {
    const options = Array.from({ length: OPTIONS_MAX }, (_, i) => ({ id: i + 1, text: `${'&'.repeat(70)}${i}`, position: i }));
    const message = pollMessage(state(poll({ options, kind: 'ranked', maxChoices: 3 }), options.map((o) => [o.id, 1, 1]), options.map((o) => [o.id, ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'U10']])));
    expect(blockProblems(message.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    expect(blockProblems(resultsMessage(state(poll({ options }), options.map((o) => [o.id, 1, 1]))).blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
  });

  it('ranks the results and breaks them down by level', () => {
    const results = resultsMessage(state(poll({ status: 'closed' })));
    expect(text(results)).toMatch(/1\. \*Testing &lt;b&gt;\*.*2\. \*Accessibility\*/);
    expect(breakdownText(state(poll()))).toMatch(/Level 2\* \(3 voters\): Testing &lt;b&gt; 3[\s\S]*No level given\* \(1 voter\): Accessibility 1/);
    // Anonymous with 4 voters in all: no breakdown, and it says why.
    expect(breakdownText(state(poll({ anonymous: true })))).toMatch(/fewer than 5 voters in all/);
  });

  it('tells the voter their votes', () => {
    expect(yourVotesText({ kind: 'ranked', maxChoices: 3 }, [{ text: 'B', weight: 2 }, { text: 'A', weight: 1 }])).toBe('Counted: your ranking is 1. *A*  2. *B*.');
    expect(yourVotesText({ kind: 'dots', maxChoices: 5 }, [{ text: 'A', weight: 2 }])).toMatch(/\*A\* ●● \(3 of 5 dots left\)/);
    expect(yourVotesText({ kind: 'single', maxChoices: 1 }, [])).toMatch(/no votes/);
  });
});

describe('poll form', () => {
  const values = (fields: Record<string, Record<string, unknown>>) => Object.fromEntries(Object.entries(fields).map(([block, v]) => [block, { [POLL_INPUT]: v }]));

  it('is a modal Slack accepts, with scheduling only for organisers', () => {
    const view = pollFormView({ privateMetadata: '{}', timeZone: 'Europe/London', topics: [{ id: 3, name: 'Testing' }], maySchedule: true });
    expect(blockProblems(view.blocks, SURFACE_BLOCK_LIMIT, '/view/blocks')).toEqual([]);
    expect(JSON.stringify(view)).toContain(POLL_FIELDS.repeat);
    expect(JSON.stringify(pollFormView({ privateMetadata: '{}', timeZone: 'UTC', topics: [], maySchedule: false }))).not.toContain(POLL_FIELDS.repeat);
  });

  it('reads a form, and puts each problem beside its field', () => {
    const good = parsePollForm(values({ [POLL_FIELDS.question]: { value: 'Q?' }, [POLL_FIELDS.options]: { value: 'A\n\nB\nC' }, [POLL_FIELDS.kind]: { selected_option: { value: 'dots' } }, [POLL_FIELDS.limit]: { value: '7' }, [POLL_FIELDS.settings]: { selected_options: [{ value: 'anonymous' }] }, [POLL_FIELDS.closeDate]: { selected_date: '2026-05-01' }, [POLL_FIELDS.closeTime]: { selected_time: '17:00' }, [POLL_FIELDS.remind]: { selected_option: { value: '60' } } }));
    expect(good).toEqual({ ok: true, poll: { request: { question: 'Q?', options: ['A', 'B', 'C'], kind: 'dots', limit: 7, anonymous: true, hideResults: false, membersAddOptions: false, closes: { kind: 'at', local: '2026-05-01T17:00' }, remindMinutes: 60 } } });
    const bad = parsePollForm(values({ [POLL_FIELDS.question]: { value: ' ' }, [POLL_FIELDS.options]: { value: 'A\na' }, [POLL_FIELDS.closeDate]: { selected_date: '2026-05-01' }, [POLL_FIELDS.remind]: { selected_option: { value: '60' } } }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual([POLL_FIELDS.closeTime, POLL_FIELDS.options, POLL_FIELDS.question].sort());
    const dots = parsePollForm(values({ [POLL_FIELDS.question]: { value: 'Q' }, [POLL_FIELDS.options]: { value: 'A\nB' }, [POLL_FIELDS.kind]: { selected_option: { value: 'dots' } }, [POLL_FIELDS.limit]: { value: '0' } }));
    expect(dots).toEqual({ ok: false, errors: { [POLL_FIELDS.limit]: expect.stringMatching(/budget of 0/) } });
  });
});
