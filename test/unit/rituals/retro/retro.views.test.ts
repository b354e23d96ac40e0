import { parseRetroCommand } from '../../../../src/rituals/retro/retro.command';
import { checkDeadlines, checkRetroSchedule } from '../../../../src/rituals/retro/retro.rules';
import type { RetroBoard } from '../../../../src/rituals/retro/retro.service';
import { actionValue, boardMessage, historyMessage, homeBlocks, openActionsMessage, RETRO_HOME_DONE_ACTION } from '../../../../src/rituals/retro/retro.views';

const board = (overrides: Partial<RetroBoard> = {}): RetroBoard => ({
  id: 3,
  teamId: 'T1',
  channelId: 'C1',
  title: 'Sprint 12',
  phase: 'vote',
  facilitatorId: 'U0ADA',
  anonymous: false,
  voteBudget: 3,
  perItemCap: 2,
  columns: [{ key: 'happy', title: 'Happy', emoji: ':smiley:', count: 1000 }],
  items: Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, column: 'happy', text: `item ${i}`, votes: 1000 - i, notes: 0 })),
  itemCount: 1000,
  contributors: 200,
  actions: [],
  review: Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, text: `old ${i}`, ownerId: 'U0ALAN', status: 'open' as const, retroTitle: 'Sprint 11' })),
  ...overrides,
});

describe('the retro board', () => {
  it('stays within Slack\'s 50 blocks with 1,000 items and 20 earlier action items, saying how many are not shown', () => {
    for (const phase of ['collect', 'reveal', 'vote', 'discuss', 'closed'] as const) {
      const { blocks } = boardMessage(board({ phase, ...(phase === 'collect' ? { items: [] } : {}) }));
      expect(blocks.length).toBeLessThanOrEqual(50);
    }
    const { blocks } = boardMessage(board());
    const text = JSON.stringify(blocks);
    expect(text).toContain('…and 12 more: `/retro actions` lists them all.');
    expect(text).toMatch(/…and \d+ more items\./);
    expect(text).toContain('at most 2 on one item');
  });

  it('offers the right buttons per phase: close (with a confirmation) until discussing, hand-over until closed', () => {
    const ids = (phase: RetroBoard['phase']) =>
      boardMessage(board({ phase, review: [] }))
        .blocks.filter((b) => b.type === 'actions')
        .flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : []));
    expect(ids('collect')).toEqual(['retro_add_item', 'retro_next_phase', 'retro_close', 'retro_handover']);
    expect(ids('vote')).toEqual(['retro_next_phase', 'retro_close', 'retro_handover']);
    expect(ids('discuss')).toEqual(['retro_add_action', 'retro_next_phase', 'retro_handover']);
    expect(ids('closed')).toEqual([]);
  });

  it('hides authors in anonymous retros and shows review outcomes', () => {
    const text = JSON.stringify(
      boardMessage(board({ phase: 'discuss', anonymous: true, items: [{ id: 1, column: 'happy', text: 'x', votes: 2, notes: 3 }], review: [{ id: 9, text: 'Cache', ownerId: 'U0ALAN', status: 'carried', retroTitle: 'Sprint 11' }] })).blocks,
    );
    expect(text).toContain('*2* votes · 3 notes');
    expect(text).toContain('Cache — <@U0ALAN> _(Sprint 11)_ · carried over');
    expect(text).not.toContain('"action_id":"retro_review"'); // no menu on an item already reviewed
  });

  it('gives the board new block ids for each iteration, as Slack asks of updated messages', () => {
    const ids = (message: { blocks: { block_id?: string }[] }) => message.blocks.map((b) => b.block_id).filter((id): id is string => id !== undefined);
    const small = board({ items: board().items.slice(0, 3), review: board().review.slice(0, 2) });
    const seventh = ids(boardMessage(small, 7));
    expect(seventh).toEqual(expect.arrayContaining(['retro_review_100.r7', 'retro_item_1.r7']));
    const eighth = ids(boardMessage(small, 8));
    expect(eighth.filter((id) => seventh.includes(id))).toEqual([]);
    // Without a revision, the ids follow what the board shows: same board, same ids; a vote more, new ones.
    expect(ids(boardMessage(small))).toEqual(ids(boardMessage(small)));
    const voted = { ...small, items: small.items.map((i, n) => (n === 0 ? { ...i, votes: i.votes + 1 } : i)) };
    expect(ids(boardMessage(voted)).filter((id) => ids(boardMessage(small)).includes(id))).toEqual([]);
    // Whatever the caller passes, ids stay short and plain.
    for (const id of ids(boardMessage(small, `${'x'.repeat(500)} <!here>`))) expect(id).toMatch(/^retro_(item|review)_\d+\.r[A-Za-z0-9_-]{1,64}$/);
  });

  it('escapes what people typed, keeps Guild\'s own mentions live, and never splits an emoji', () => {
    const typed = '<!channel> deploys & <@U0EVE> <https://evil.example|our wiki>';
    const message = boardMessage(board({ phase: 'discuss', title: typed, items: [{ id: 1, column: 'happy', text: typed, votes: 1, notes: 0, authorId: 'U0GRACE' }], review: [] }));
    const text = JSON.stringify([message.text, message.blocks.slice(1)]); // all but the plain_text header
    expect(text).not.toMatch(/<!channel>|<@U0EVE>|<https:/);
    expect(text).toContain('&lt;!channel&gt; deploys &amp; &lt;@U0EVE&gt; &lt;https://evil.example|our wiki&gt;');
    expect(text).toContain('<@U0GRACE>');
    expect(message.text.startsWith('Retro "&lt;!channel&gt;')).toBe(true);
    // plain_text is not parsed by Slack: the header shows the title as typed.
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: `Retro: ${typed}` } });
    const header = boardMessage(board({ title: `${'x'.repeat(141)}👨‍👩‍👧‍👦` })).blocks[0];
    expect(header).toMatchObject({ text: { text: `Retro: ${'x'.repeat(141)}…` } });
  });

  it('lists open action items with a menu each, and history a page at a time', () => {
    const open = openActionsMessage([{ id: 4, text: 'Cache', ownerId: 'U1', dueDate: '2026-12-20', retroTitle: 'Sprint 1' }]);
    expect(open.text).toBe('*Open action items*\n• Cache — <@U1>, due 2026-12-20 _(Sprint 1)_');
    expect(JSON.stringify(open.blocks)).toContain('"value":"done:0:4"');
    expect(openActionsMessage([]).text).toBe('No open action items from retros in this channel.');
    const page = historyMessage({ page: 1, pages: 3, retros: [{ id: 5, title: 'Sprint 1', closedAt: new Date('2026-12-02T00:00:00Z'), participants: 1, items: 2, actions: 3, actionsDone: 1 }] });
    expect(page.text).toContain('• *#5* Sprint 1 — closed 2026-12-02: 1 person, 2 items, 1 of 3 action items done');
    expect(page.text).toContain('`/retro history 2` for older ones.');
  });
});

describe('the App Home\'s action items', () => {
  const owned = (id: number, text = `item ${id}`, dueDate?: string) => ({ id, text, ownerId: 'U0ADA', retroTitle: 'Sprint <12>', channelId: 'C1', ...(dueDate ? { dueDate } : {}) });

  it('is nothing for someone with no open action items', () => {
    expect(homeBlocks({ actions: [], total: 0 })).toEqual([]);
  });

  it('lists each with where it was agreed and its due date, escaped, and a "Mark done" naming it', () => {
    const blocks = homeBlocks({ actions: [owned(4, 'Fix *CI* & <!channel>', '2030-05-01'), owned(5)], total: 2 });
    expect(blocks).toHaveLength(3);
    const [first] = blocks.slice(1) as { text: { text: string }; accessory: { action_id: string; value: string } }[];
    expect(first!.text.text).toBe('Fix *CI* &amp; &lt;!channel&gt;\n_Sprint &lt;12&gt;_ in <#C1> · due 2030-05-01');
    expect(first!.accessory.action_id).toBe(RETRO_HOME_DONE_ACTION);
    expect(actionValue.decode(first!.accessory.value)).toEqual({ actionId: 4 });
    expect(JSON.stringify(blocks)).not.toContain('more');
  });

  it('shows at most five and says how many more there are', () => {
    const blocks = homeBlocks({ actions: Array.from({ length: 5 }, (_, i) => owned(i + 1)), total: 12 });
    expect(blocks.filter((b) => b.type === 'section')).toHaveLength(5);
    expect(JSON.stringify(blocks.at(-1))).toContain('…and 7 more');
  });
});

describe('/retro text', () => {
  it.each([
    ['', { kind: 'start', title: '' }],
    ['Sprint 12', { kind: 'start', title: 'Sprint 12' }],
    ['help', { kind: 'help' }],
    ['help me plan', { kind: 'start', title: 'help me plan' }],
    ['actions', { kind: 'actions' }],
    ['history', { kind: 'history', page: 1 }],
    ['history 3', { kind: 'history', page: 3 }],
    ['export', { kind: 'export', as: 'markdown' }],
    ['export #12 CSV', { kind: 'export', retroId: 12, as: 'csv' }],
    ['export md 4', { kind: 'export', retroId: 4, as: 'markdown' }],
    ['schedule', { kind: 'schedule' }],
  ])('reads %j', (text, expected) => {
    expect(parseRetroCommand(text)).toEqual({ ok: true, command: expected });
  });

  it.each([
    ['history 0', /`\/retro history <page>`/],
    ['history last', /`\/retro history <page>`/],
    ['export 12 pdf', /"pdf" is neither/],
    ['schedule weekly', /opens a form/],
  ])('explains what is wrong with %j', (text, problem) => {
    const parsed = parseRetroCommand(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});

describe('async retro settings', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const at = (iso: string) => new Date(iso);
  it.each([
    [{ revealThreshold: 0 }, 'threshold', /1 to 100/],
    [{ revealThreshold: 2.5 }, 'threshold', /1 to 100/],
    [{ collectUntil: at('2026-12-01T09:59:00Z') }, 'collectUntil', /in the future/],
    [{ voteUntil: at('2026-12-01T10:00:00Z') }, 'voteUntil', /in the future/],
    [{ collectUntil: at('2027-03-01T10:00:00Z') }, 'collectUntil', /at most 60 days/],
    [{ collectUntil: at('2026-12-03T10:00:00Z'), voteUntil: at('2026-12-02T10:00:00Z') }, 'voteUntil', /after collecting/],
  ])('refuses %j', (input, field, problem) => {
    const [checked] = checkDeadlines(input, now);
    expect(checked).toMatchObject({ field });
    expect(checked?.problem).toMatch(problem);
  });
  it('accepts a sensible async retro', () => {
    expect(checkDeadlines({ revealThreshold: 3, collectUntil: at('2026-12-02T10:00:00Z'), voteUntil: at('2026-12-03T10:00:00Z') }, now)).toEqual([]);
  });

  it('checks the recurring retro form field by field', () => {
    const good = { teamId: 'T', channelId: 'C', userId: 'U', title: 'Guild retro', every: 4, weekday: 'th' as const, time: '15:00', timeZone: 'Europe/Berlin', formatId: 'tanzu', anonymity: 'named' as const, voteBudget: 3 };
    expect(checkRetroSchedule(good)).toEqual([]);
    expect(checkRetroSchedule({ ...good, title: ' ', timeZone: 'Nowhere/Land', formatId: 'custom', customColumns: 'one', voteBudget: 0, every: 0, time: '25:00' }).map((p) => p.field)).toEqual([
      'title',
      'timeZone',
      'columns',
      'budget',
      'every',
      'time',
    ]);
  });
});
