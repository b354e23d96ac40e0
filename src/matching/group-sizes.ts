/** The smallest and largest group size a round may ask for. */
export const MIN_GROUP_SIZE = 2;
export const MAX_GROUP_SIZE = 8;

/**
 * The sizes of the groups `count` people form when groups of `wanted` are asked for:
 * floor(count / wanted) groups, with the remainder spread evenly over them (one extra person
 * at a time from the first group on), so nobody is ever alone. No group exceeds
 * MAX_GROUP_SIZE, the most a group DM holds: where spreading would pass it (15 people in
 * groups of 8), there is one group more and the groups are a little smaller (8 + 7).
 * Fewer than two people form no group; two up to `wanted` − 1 form a single group.
 */
export function groupSizes(count: number, wanted: number): number[] {
  if (!Number.isInteger(wanted) || wanted < MIN_GROUP_SIZE || wanted > MAX_GROUP_SIZE) {
    throw new RangeError(`group size must be an integer from ${MIN_GROUP_SIZE} to ${MAX_GROUP_SIZE}, not ${wanted}`);
  }
  if (count < MIN_GROUP_SIZE) return [];
  if (count < wanted) return [count];
  const groups = Math.max(Math.floor(count / wanted), Math.ceil(count / MAX_GROUP_SIZE));
  const base = Math.floor(count / groups);
  const oneMore = count % groups;
  return Array.from({ length: groups }, (_, i) => base + (i < oneMore ? 1 : 0));
}
