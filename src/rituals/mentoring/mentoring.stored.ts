import { z } from 'zod';
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

/** A match's stored reasons, read like every JSON column: what does not parse is left out. */
export function storedReasons(json: unknown): MatchReason[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const parsed = reason.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
