import { groupSizes } from '../../../src/matching/group-sizes';

describe('groupSizes', () => {
  it.each([
    [5, 2, [3, 2]],
    [7, 3, [4, 3]],
    [8, 4, [4, 4]],
    [10, 4, [5, 5]],
    [11, 4, [6, 5]],
    [3, 2, [3]],
    [2, 5, [2]],
    [4, 5, [4]],
    [1, 2, []],
    [0, 3, []],
  ])('%i people in groups of %i form %j', (count, wanted, sizes) => {
    expect(groupSizes(count, wanted)).toEqual(sizes);
  });

  it('spreads a remainder larger than the number of groups evenly', () => {
    expect(groupSizes(23, 7)).toEqual([8, 8, 7]);
    expect(groupSizes(11, 4)).toEqual([6, 5]);
  });

  it('never makes a group larger than a group DM holds (8): one group more, a little smaller', () => {
    expect(groupSizes(15, 8)).toEqual([8, 7]);
    expect(groupSizes(17, 8)).toEqual([6, 6, 5]);
    expect(groupSizes(14, 7)).toEqual([7, 7]);
    expect(groupSizes(20, 6)).toEqual([7, 7, 6]);
  });

  it('keeps every group at least the wanted size (or everyone) unless a group DM could not hold it, with sizes at most one apart', () => {
    for (let wanted = 2; wanted <= 8; wanted++) {
      for (let count = 2; count <= 120; count++) {
        const sizes = groupSizes(count, wanted);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
        const fitsAtWanted = count < wanted || Math.floor(count / wanted) * 8 >= count;
        if (fitsAtWanted) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(Math.min(wanted, count));
        else expect(sizes).toHaveLength(Math.ceil(count / 8));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([1, 9, 0, 2.5, Number.NaN])('refuses a wanted size of %p', (wanted) => {
    expect(() => groupSizes(10, wanted)).toThrow(RangeError);
  });
});
