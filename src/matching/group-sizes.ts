/** The smallest and largest group size a round may ask for. */
export const MIN_GROUP_SIZE = 2;
export const MAX_GROUP_SIZE = 8;

/**
 * The sizes of the groups `count` people form when groups of `wanted` are asked for:
 * floor(count / wanted) groups, the remainder spread one extra person at a time from the first
 * group on (evenly, when the remainder exceeds the number of groups), so nobody is ever alone.
 * Fewer than two people form no group; two up to `wanted` − 1 form a single group.
 */
export function groupSizes(count: number, wanted: number): number[] {
  if (!Number.isInteger(wanted) || wanted < MIN_GROUP_SIZE || wanted > MAX_GROUP_SIZE) {
    throw new RangeError(`group size must be an integer from ${MIN_GROUP_SIZE} to ${MAX_GROUP_SIZE}, not ${wanted}`);
  }
  if (count < MIN_GROUP_SIZE) return [];
  const groups = Math.floor(count / wanted);
  if (groups === 0) return [count];
  const remainder = count % wanted;
  const extraEach = Math.floor(remainder / groups);
  const oneMore = remainder % groups;
  return Array.from({ length: groups }, (_, i) => wanted + extraEach + (i < oneMore ? 1 : 0));
}
