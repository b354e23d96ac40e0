import { topicKey } from '../../community/community.service';
import type { EventLevel } from './events.types';
import type { Tx } from './events.store';

/** A member who may hear of new events: what they are interested in, and their levels per topic. */
export interface Listener {
  personId: string;
  interests: string[];
  /** Topic key → level 1..5 (null: not given), for topics they gave a level or want to learn. */
  levels: Map<string, number | null>;
}

/** Whether someone at this level is who the event is pitched at (no level given: yes). */
function levelFits(level: EventLevel, own: number | null | undefined): boolean {
  if (own === null || own === undefined || level === 'everyone') return true;
  return level === 'newcomers' ? own <= 3 : own >= 3;
}

/**
 * Which topics of the event match the member (by interest or by a topic they gave a level for,
 * or want to learn) at a level the event is for. Pure: the reason to tell them, or none.
 */
export function matchFor(event: { topics: string[]; level: EventLevel }, listener: Listener): string | undefined {
  const interests = new Set(listener.interests.map(topicKey));
  const matched = event.topics.filter((topic) => {
    const key = topicKey(topic);
    if (!interests.has(key) && !listener.levels.has(key)) return false;
    return levelFits(event.level, listener.levels.get(key));
  });
  return matched.length ? `your interest in ${matched.join(', ')}` : undefined;
}

/** Members of the community who asked to hear of new events (the opt-in on their profile). */
export async function listeners(tx: Tx, communityId: number, except: string[]): Promise<Listener[]> {
  const members = await tx.membership.findMany({
    where: { communityId, leftAt: null, eventSuggestions: true, person: { deactivatedAt: null }, personId: { notIn: except } },
    select: { person: { select: { id: true, interests: true, skills: { where: { topic: { communityId } }, select: { level: true, wantsToLearn: true, topic: { select: { key: true } } } } } } },
  });
  return members.map(({ person }) => ({
    personId: person.id,
    interests: person.interests,
    levels: new Map(person.skills.filter((s) => s.level !== null || s.wantsToLearn).map((s) => [s.topic.key, s.level])),
  }));
}
