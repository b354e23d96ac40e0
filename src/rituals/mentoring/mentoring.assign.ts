import { assignMentors } from '../../matching/mentor-assignment';
import type { MentorResult } from '../../matching/types';
import type { MentoringPool } from './mentoring.pool';

/**
 * The one place mentoring calls the assignment (src/matching): the free side of a community in,
 * the proposals that maximise total quality out. Accepted and pending pairs are not in the pool,
 * so a re-match never reshuffles them.
 */
export function assignPool(pool: MentoringPool, idealGap?: number): MentorResult {
  if (pool.mentors.length === 0 || pool.mentees.length === 0) return { matches: [], totalScore: 0, unmatched: pool.mentees.map((m) => ({ menteeId: m.id, why: 'no-candidate' as const })) };
  return assignMentors(pool.mentors, pool.mentees, { excluded: pool.excluded, ...(idealGap === undefined ? {} : { idealGap }) });
}
