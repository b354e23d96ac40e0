import { z } from 'zod';
import { phaseValue, retroValue, reviewValue, threadValue, voteValue } from '../../../../src/rituals/retro/retro.ids';
import { idField, valueCodec } from '../../../../src/slack/kit/codec';

/** Button and option values: what a view writes, the listener reads back; anything else reads as nothing. */
describe('valueCodec', () => {
  const codec = valueCodec({ kind: z.enum(['add', 'remove']), retroId: idField, itemId: idField }, ['kind', 'retroId', 'itemId']);

  it('writes the fields in their order and reads them back', () => {
    const value = { kind: 'remove' as const, retroId: 12, itemId: 2_147_483_647 };
    expect(codec.encode(value)).toBe('remove:12:2147483647');
    expect(codec.decode(codec.encode(value))).toEqual(value);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['too few parts', 'add:12'],
    ['too many parts', 'add:12:3:4'],
    ['a non-numeric id', 'add:x:3'],
    ['an empty id', 'add::3'],
    ['a negative id', 'add:-12:3'],
    ['a zero id', 'add:0:3'],
    ['a fractional id', 'add:1.5:3'],
    ['an id beyond a Postgres integer', 'add:2147483648:3'],
    ['an unknown enum value', 'up:12:3'],
    ['an enum value in the wrong case', 'ADD:12:3'],
    ['the fields in the wrong order', '12:add:3'],
  ])('reads %s as nothing', (_, text) => {
    expect(codec.decode(text)).toBeUndefined();
  });

  it.each([
    ['retroValue', retroValue, { retroId: 7 }],
    ['phaseValue', phaseValue, { retroId: 7, from: 'discuss' }],
    ['voteValue', voteValue, { direction: 'add', retroId: 7, itemId: 9 }],
    ['threadValue', threadValue, { retroId: 7, itemId: 9 }],
    ['reviewValue on a board', reviewValue, { decision: 'carry', inRetroId: 7, actionId: 5 }],
    ['reviewValue in /retro actions', reviewValue, { decision: 'drop', inRetroId: 0, actionId: 5 }],
  ] as const)('%s round-trips within an option value\'s 150 characters', (_, c, value) => {
    const text = (c as { encode(v: unknown): string }).encode(value);
    expect(text.length).toBeLessThanOrEqual(150);
    expect((c as { decode(t: string): unknown }).decode(text)).toEqual(value);
  });
});
