import { DOTS_BLOCK_PREFIX, INPUT, MOVE_FIELDS, PLAN_FIELDS, PROPOSAL_FIELDS, type PlanField } from '../../../../src/rituals/unconference/unconference.ids';
import { checkDots, checkProposal, moveSession, parseDotsForm, parseMoveForm, parsePlanForm, parseProposalForm, parseRooms, parseSessionLength, parseSlotTimes, proposalsClosed, titleKey, votingClosed } from '../../../../src/rituals/unconference/unconference.rules';

const NOW = new Date('2026-12-07T08:00:00Z');
const text = (value: string | null) => ({ [INPUT]: { type: 'plain_text_input', value } });
const planValues = (over: Partial<Record<PlanField, unknown>> = {}) => {
  const base: Record<PlanField, unknown> = {
    title: text('Open space'),
    date: { [INPUT]: { type: 'datepicker', selected_date: '2026-12-10' } },
    slots: text('10:00, 11:00'),
    length: text('45'),
    rooms: text('Main hall: 30\nLibrary (12)'),
    dots: text('3'),
    proposalsClose: { [INPUT]: { type: 'datetimepicker', selected_date_time: null } },
    votingCloses: { [INPUT]: { type: 'datetimepicker', selected_date_time: null } },
  };
  const merged = { ...base, ...over };
  return Object.fromEntries(Object.entries(merged).map(([field, value]) => [PLAN_FIELDS[field as PlanField], value]));
};
const at = (iso: string) => ({ [INPUT]: { type: 'datetimepicker', selected_date_time: Date.parse(iso) / 1000 } });
const plan = (over: Partial<Record<PlanField, unknown>> = {}) => parsePlanForm(planValues(over), { now: NOW, timeZone: 'Europe/Berlin' });
const errorsOf = (result: ReturnType<typeof plan>) => (result.ok ? {} : result.errors);

describe('the plan form', () => {
  it('reads slots in the community zone, rooms, dots and deadlines', () => {
    const result = plan({ proposalsClose: at('2026-12-08T12:00:00Z'), votingCloses: at('2026-12-09T12:00:00Z') });
    expect(result).toEqual({
      ok: true,
      value: {
        title: 'Open space',
        timeZone: 'Europe/Berlin',
        slotStarts: [new Date('2026-12-10T09:00:00Z'), new Date('2026-12-10T10:00:00Z')],
        sessionMinutes: 45,
        rooms: [{ name: 'Main hall', capacity: 30 }, { name: 'Library', capacity: 12 }],
        dotsPerPerson: 3,
        proposalsCloseAt: new Date('2026-12-08T12:00:00Z'),
        votingClosesAt: new Date('2026-12-09T12:00:00Z'),
      },
    });
  });

  it('defaults the dots to 3 and reads "4 x 20" as four rooms of 20', () => {
    const result = plan({ dots: text(null), rooms: text('4 x 20') });
    expect(result.ok && result.value.dotsPerPerson).toBe(3);
    expect(result.ok && result.value.rooms).toEqual([1, 2, 3, 4].map((n) => ({ name: `Room ${n}`, capacity: 20 })));
  });

  it('refuses no slots, a room of capacity 0 and a session of 24 hours or more, each beside its field', () => {
    const errors = errorsOf(plan({ slots: text(' , '), rooms: text('Main hall: 0'), length: text('24h') }));
    expect(errors.slots).toContain('at least one start time');
    expect(errors.rooms).toBe('Main hall has a capacity of 0: nobody could attend. Give it 1 or more places.');
    expect(errors.length).toBe('A session lasts less than 24 hours; this is 24h.');
    expect(parseSessionLength('1439')).toEqual({ ok: true, value: 1439 });
    expect(parseSessionLength('0').ok).toBe(false);
    expect(parseRooms('3 x 0')).toEqual({ ok: false, problem: 'Each room has a capacity of 0: nobody could attend. Give it 1 or more places.' });
  });

  it('refuses overlapping slots, a repeated or malformed time, too many rooms, twin room names', () => {
    expect(errorsOf(plan({ slots: text('10:00, 10:30') })).slots).toContain('overlap with 45m sessions');
    expect(parseSlotTimes('10:00 10:00')).toEqual({ ok: false, problem: 'A start time is given twice: each slot starts at its own time.' });
    expect(parseSlotTimes('25:00').ok).toBe(false);
    expect(parseSlotTimes('9.30, 13h00')).toEqual({ ok: true, value: [570, 780] });
    expect(parseRooms('11 x 5').ok).toBe(false);
    expect(parseRooms('A: 3\na: 4')).toEqual({ ok: false, problem: '"a" is listed twice: give each room once.' });
    expect(parseRooms('just words').ok).toBe(false);
  });

  it('refuses a day in the past, deadlines out of order or after the first slot, and dots out of range', () => {
    expect(errorsOf(plan({ date: { [INPUT]: { type: 'datepicker', selected_date: '2026-12-01' } } })).date).toContain('already have started');
    expect(errorsOf(plan({ proposalsClose: at('2026-12-06T00:00:00Z') })).proposalsClose).toContain('in the past');
    expect(errorsOf(plan({ proposalsClose: at('2026-12-09T00:00:00Z'), votingCloses: at('2026-12-08T00:00:00Z') })).votingCloses).toContain('after proposals close');
    expect(errorsOf(plan({ votingCloses: at('2026-12-11T00:00:00Z') })).votingCloses).toContain('by the time the first slot starts');
    expect(errorsOf(plan({ dots: text('11') })).dots).toContain('1 to 10');
    expect(errorsOf(plan({ dots: text('two') })).dots).toContain('not a number');
  });

  it('refuses a local time the clocks skip', () => {
    const result = parsePlanForm(planValues({ date: { [INPUT]: { type: 'datepicker', selected_date: '2027-03-28' } }, slots: text('02:30') }), { now: NOW, timeZone: 'Europe/Berlin' });
    expect(result.ok ? '' : result.errors.slots).toContain('does not exist');
  });
});

describe('proposals', () => {
  it('folds titles for duplicates, checks the fields, and says when proposals are closed', () => {
    expect(titleKey('  Design   TOKENS ')).toBe(titleKey('design tokens'));
    expect(checkProposal({ title: ' ', description: '', level: 'everyone' })).toEqual({ ok: false, errors: { title: 'Give the session a title.' } });
    expect(checkProposal({ title: 'x', description: 'y'.repeat(301), level: 'all' })).toMatchObject({ ok: false, errors: { description: expect.stringContaining('at most 300'), level: expect.any(String) } });
    const form = parseProposalForm({ [PROPOSAL_FIELDS.title]: text('Tokens'), [PROPOSAL_FIELDS.level]: { [INPUT]: { type: 'static_select', selected_option: { value: 'newcomers' } } } });
    expect(form).toEqual({ ok: true, value: { title: 'Tokens', description: '', level: 'newcomers' } });
    const open = { phase: 'proposing' as const, proposalsCloseAt: new Date('2026-12-08T00:00:00Z') };
    expect(proposalsClosed(open, NOW, 0)).toBeUndefined();
    expect(proposalsClosed(open, new Date('2026-12-08T00:00:00Z'), 0)).toBe('Proposals are closed for this unconference.');
    expect(proposalsClosed({ ...open, phase: 'voting' }, NOW, 0)).toBe('Proposals are closed for this unconference.');
    expect(proposalsClosed(open, NOW, 60)).toContain('60 proposals');
  });
});

describe('dots', () => {
  it('holds the budget, refuses unknown proposals, and says when voting is not open', () => {
    const ids = new Set([1, 2]);
    expect(checkDots(new Map([[1, 2], [2, 1]]), ids, 3)).toBeUndefined();
    expect(checkDots(new Map([[1, 2], [2, 2]]), ids, 3)).toBe('That is 4 dots; you have 3. Take 1 off.');
    expect(checkDots(new Map([[9, 1]]), ids, 3)).toContain('not in this unconference');
    expect(checkDots(new Map([[1, -1]]), ids, 3)).toContain('whole numbers');
    expect(votingClosed({ phase: 'proposing', votingClosesAt: null }, NOW)).toContain('not opened yet');
    expect(votingClosed({ phase: 'voting', votingClosesAt: null }, NOW)).toBeUndefined();
    expect(votingClosed({ phase: 'voting', votingClosesAt: NOW }, NOW)).toBe('Voting is closed for this unconference.');
    expect(votingClosed({ phase: 'scheduling', votingClosesAt: null }, NOW)).toBe('Voting is closed for this unconference.');
  });

  it('reads the dots form and puts an over-budget error beside a menu', () => {
    const menu = (value: string) => ({ [INPUT]: { type: 'static_select', selected_option: { value } } });
    expect(parseDotsForm({ [`${DOTS_BLOCK_PREFIX}1`]: menu('2'), [`${DOTS_BLOCK_PREFIX}2`]: menu('0') }, 3)).toEqual({ ok: true, value: new Map([[1, 2]]) });
    expect(parseDotsForm({ [`${DOTS_BLOCK_PREFIX}1`]: menu('2'), [`${DOTS_BLOCK_PREFIX}2`]: menu('2') }, 3)).toEqual({ ok: false, errors: { [`${DOTS_BLOCK_PREFIX}1`]: 'That is 4 dots; you have 3. Take 1 off.' } });
  });
});

describe('moving a session', () => {
  const sessions = [{ topicId: 1, slot: 0, room: 0 }, { topicId: 2, slot: 0, room: 1 }, { topicId: 3, slot: 1, room: 0 }];
  const hosts: Record<number, string> = { 1: 'A', 2: 'B', 3: 'C', 4: 'A' };
  const grid = { slots: 2, rooms: 2 };
  const move = (topicId: number, slot: number, room: number, from = sessions) => moveSession(from, { topicId, slot, room }, (t) => hosts[t]!, grid);

  it('moves into a free place, swaps with the session there, and lets an unplaced one push it out', () => {
    expect(move(1, 1, 1)).toEqual({ ok: true, value: [{ topicId: 2, slot: 0, room: 1 }, { topicId: 3, slot: 1, room: 0 }, { topicId: 1, slot: 1, room: 1 }] });
    expect(move(1, 1, 0)).toEqual({ ok: true, value: [{ topicId: 3, slot: 0, room: 0 }, { topicId: 2, slot: 0, room: 1 }, { topicId: 1, slot: 1, room: 0 }] });
    expect(move(4, 1, 0)).toMatchObject({ ok: true, value: [{ topicId: 1 }, { topicId: 2 }, { topicId: 4, slot: 1, room: 0 }] });
  });

  it('refuses a host in two sessions at once and places outside the grid', () => {
    expect(move(4, 0, 1)).toEqual({ ok: false, problem: expect.stringContaining('one host in two sessions at once') });
    expect(move(1, 2, 0)).toEqual({ ok: false, problem: 'That slot or room is not in this unconference.' });
    expect(parseMoveForm({ [MOVE_FIELDS.session]: { [INPUT]: { type: 'static_select', selected_option: { value: '4' } } } })).toMatchObject({ ok: false, errors: { slot: expect.any(String), room: expect.any(String) } });
  });
});
