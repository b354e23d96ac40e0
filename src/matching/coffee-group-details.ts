import type { CoffeeInstance } from './coffee-instance';
import type { CoffeeObjective } from './coffee-objective';
import type { CoffeeGroup, MatchReason } from './types';
import { groupOverlapMinutes, overlapMinutes } from './working-hours';

/**
 * A group as the ritual shows it: members in the order they were given, the organiser, the
 * shared working minutes, the repeats and the reasons (meeting, overlap, attribute, interests).
 */
export function describeGroup(instance: CoffeeInstance, objective: CoffeeObjective, group: readonly number[], field: string | undefined): CoffeeGroup {
  const members = [...group].sort((a, b) => a - b);
  const overlap = groupOverlapMinutes(members.map((m) => instance.days[m]!));
  const repeats = objective.repeats(members);
  const reasons: MatchReason[] = [repeats === 0 ? { kind: 'first-meeting' } : { kind: 'repeat', pairs: repeats }];
  if (overlap > 0) reasons.push({ kind: 'overlap', minutes: overlap });
  const attribute = field === undefined ? undefined : attributeReason(instance, members, field);
  if (attribute) reasons.push(attribute);
  for (const topic of sharedTopics(instance, members)) reasons.push({ kind: 'shared-interest', topic });
  return { members: members.map((m) => instance.ids[m]!), organiser: instance.ids[organiser(instance, members)]!, overlapMinutes: overlap, repeats, reasons };
}

/**
 * The organiser is the member who shares the most working minutes with the others (summed over
 * each of them), so the best placed to find a time; ties go to the member who met fewest people
 * in the window (spreading the role to newer members), then to the earliest id in string order.
 */
function organiser(instance: CoffeeInstance, members: readonly number[]): number {
  const ranked = members.map((member) => ({
    member,
    shared: members.reduce((sum, other) => (other === member ? sum : sum + overlapMinutes(instance.days[member]!, instance.days[other]!)), 0),
    met: pastPartners(instance, member),
  }));
  ranked.sort((a, b) => b.shared - a.shared || a.met - b.met || compareIds(instance.ids[a.member]!, instance.ids[b.member]!));
  return ranked[0]!.member;
}

function pastPartners(instance: CoffeeInstance, member: number): number {
  return instance.partnerCounts[member]!;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function attributeReason(instance: CoffeeInstance, members: readonly number[], field: string): MatchReason | undefined {
  const values = members.map((m) => instance.attribute[m]!);
  const distinct = [...new Set(values.filter((v) => v >= 0))].map((v) => instance.attributeValues[v]!);
  if (instance.attributeMode === 'mix' && distinct.length >= 2) return { kind: 'mixed', field, values: distinct.sort() };
  if (instance.attributeMode === 'group' && distinct.length === 1 && values.every((v) => v >= 0)) return { kind: 'same', field, value: distinct[0]! };
  return undefined;
}

/** Topics every member of the group has, in the order they first appear among the round's members. */
function sharedTopics(instance: CoffeeInstance, members: readonly number[]): string[] {
  const [first, ...rest] = members;
  if (first === undefined) return [];
  const shared = [...instance.interests[first]!].filter((topic) => rest.every((m) => instance.interests[m]!.includes(topic)));
  return shared.map((topic) => instance.topics[topic]!);
}
