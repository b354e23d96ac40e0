import { nextLeader, rotateLeaders } from '../../../../../src/rituals/events/bookclub/bookclub.rotation';

describe('discussion leader rotation', () => {
  it('goes round the members in join order, each once before anyone twice', () => {
    expect(rotateLeaders(['U1', 'U2', 'U3'], 7)).toEqual(['U1', 'U2', 'U3', 'U1', 'U2', 'U3', 'U1']);
  });

  it('skips people who left and gives their turns to whoever has led least', () => {
    // U2 left after leading session 1 of the earlier plan; U1 and U3 have led nothing.
    expect(rotateLeaders(['U1', 'U3'], 3, ['U2'])).toEqual(['U1', 'U3', 'U1']);
  });

  it('picks the member with the fewest turns, then the one whose last turn is longest ago', () => {
    expect(nextLeader(['U1', 'U2', 'U3'], ['U1', 'U2', 'U3', 'U2'])).toBe('U1');
    expect(nextLeader(['U1', 'U2', 'U3'], ['U3', 'U1', 'U2', 'U3', 'U1'])).toBe('U2');
  });

  it('gives a newcomer the next turn (fewest led) before the others go again', () => {
    expect(nextLeader(['U1', 'U2', 'U9'], ['U1', 'U2'])).toBe('U9');
  });

  it('has no leader when nobody is left in the club', () => {
    expect(nextLeader([], ['U1'])).toBeUndefined();
    expect(rotateLeaders([], 3)).toEqual([]);
  });
});
