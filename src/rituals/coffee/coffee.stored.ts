import { z } from 'zod';
import type { Prisma } from '../../db/client';
import type { MatchReason } from '../../matching/types';

const reason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shared-interest'), topic: z.string() }),
  z.object({ kind: z.literal('overlap'), minutes: z.number() }),
  z.object({ kind: z.literal('mixed'), field: z.string(), values: z.array(z.string()) }),
  z.object({ kind: z.literal('same'), field: z.string(), value: z.string() }),
  z.object({ kind: z.literal('first-meeting') }),
  z.object({ kind: z.literal('repeat'), pairs: z.number() }),
  z.object({ kind: z.literal('topic-fit'), topic: z.string(), mentorLevel: z.number(), menteeLevel: z.number() }),
]);

/** A group's stored reasons, checked when read like every JSON column; unreadable ones are dropped. */
export function storedReasons(json: Prisma.JsonValue): MatchReason[] {
  const parsed = z.array(z.unknown()).safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.flatMap((r) => {
    const one = reason.safeParse(r);
    return one.success ? [one.data] : [];
  });
}
