import type { Prisma } from '../../db/client';
import { readMatchReasons } from '../../matching/match-reasons';
import type { MatchReason } from '../../matching/types';

/** A group's stored reasons, checked when read like every JSON column; unreadable ones are dropped. */
export function storedReasons(json: Prisma.JsonValue): MatchReason[] {
  return readMatchReasons(json);
}
