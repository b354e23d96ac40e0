import { exportCsv, exportMarkdown, summarise, type RetroRecord } from '../../../../src/rituals/retro/retro.summary';

const record = (overrides: Partial<RetroRecord> = {}): RetroRecord => ({
  id: 7,
  title: 'Sprint *12*',
  channelId: 'C1',
  formatName: 'Happy / meh / sad',
  anonymity: 'named',
  facilitatorId: 'U0ADA',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  closedAt: new Date('2026-12-02T10:00:00Z'),
  participants: 3,
  columns: [
    { key: 'happy', title: 'Happy' },
    { key: 'sad', title: 'Sad' },
  ],
  items: [
    { column: 'sad', text: 'Deploys\nwere slow', votes: 3, authorId: 'U0GRACE', notes: [{ text: 'cache it', authorId: 'U0ALAN' }] },
    { column: 'happy', text: 'Pairing', votes: 1, authorId: 'U0ALAN', notes: [] },
    { column: 'happy', text: 'Lunch', votes: 0, notes: [] },
  ],
  actions: [
    { text: 'Cache the build', ownerId: 'U0ALAN', dueDate: '2026-12-20', status: 'open' },
    { text: 'Old thing', ownerId: 'U0ADA', status: 'dropped' },
  ],
  ...overrides,
});

describe('retro summary and exports', () => {
  it('summarises the top voted items and the action items', () => {
    expect(summarise(record())).toEqual({
      participants: 3,
      items: 3,
      votes: 4,
      top: [
        { column: 'sad', text: 'Deploys\nwere slow', votes: 3 },
        { column: 'happy', text: 'Pairing', votes: 1 },
      ],
      actions: [
        { text: 'Cache the build', ownerId: 'U0ALAN', dueDate: '2026-12-20' },
        { text: 'Old thing', ownerId: 'U0ADA' },
      ],
    });
  });

  it('writes Markdown by column, with notes under their item, escaping what users typed', () => {
    const markdown = exportMarkdown(record());
    expect(markdown).toBe(
      [
        '# Retro: Sprint \\*12\\*',
        '',
        '- Held in <#C1>, 2026-12-01 to 2026-12-02',
        '- Format: Happy / meh / sad; named',
        '- Facilitator: <@U0ADA>',
        '- Took part: 3',
        '',
        '## Happy (2)',
        '',
        '- Pairing — 1 vote — <@U0ALAN>',
        '- Lunch — 0 votes',
        '',
        '## Sad (1)',
        '',
        '- Deploys were slow — 3 votes — <@U0GRACE>',
        '  - cache it — <@U0ALAN>',
        '',
        '## Action items',
        '',
        '- [ ] Cache the build — <@U0ALAN>, due 2026-12-20',
        '- [ ] Old thing — <@U0ADA> (dropped)',
        '',
      ].join('\n'),
    );
  });

  it('writes the retro as CSV rows: items, their notes, then action items', () => {
    const rows = exportCsv(record()).split('\r\n');
    expect(rows).toEqual([
      'kind,column,text,votes,author,owner,due,status',
      'item,Sad,"Deploys\nwere slow",3,U0GRACE,,,',
      'note,Sad,cache it,,U0ALAN,,,',
      'item,Happy,Pairing,1,U0ALAN,,,',
      'item,Happy,Lunch,0,,,,',
      'action,,Cache the build,,,U0ALAN,2026-12-20,open',
      'action,,Old thing,,,U0ADA,,dropped',
      '',
    ]);
  });

  it('has no author column values when the record has no authors (anonymous retros)', () => {
    const anonymous = record({ anonymity: 'anonymous_all', items: record().items.map(({ authorId: _a, ...i }) => ({ ...i, notes: i.notes.map((n) => ({ text: n.text })) })) });
    expect(exportCsv(anonymous)).not.toMatch(/U0GRACE|U0ALAN,,,$/m);
    expect(exportMarkdown(anonymous)).not.toContain('U0GRACE');
    expect(exportMarkdown(anonymous)).toContain('anonymous items and votes');
  });
});
