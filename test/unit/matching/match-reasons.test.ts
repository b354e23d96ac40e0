import { readMatchReasons } from '../../../src/matching/match-reasons';

describe('readMatchReasons', () => {
  it('reads stored reasons and drops what does not parse', () => {
    const stored = [
      { kind: 'topic-fit', topic: 'accessibility', mentorLevel: 4, menteeLevel: 2 },
      { kind: 'overlap', minutes: 180 },
      { kind: 'overlap', minutes: '3h' },
      { kind: 'telepathy' },
      'first-meeting',
      { kind: 'first-meeting' },
    ];
    expect(readMatchReasons(stored)).toEqual([{ kind: 'topic-fit', topic: 'accessibility', mentorLevel: 4, menteeLevel: 2 }, { kind: 'overlap', minutes: 180 }, { kind: 'first-meeting' }]);
    expect(readMatchReasons(null)).toEqual([]);
    expect(readMatchReasons({ kind: 'overlap', minutes: 1 })).toEqual([]);
  });
});
