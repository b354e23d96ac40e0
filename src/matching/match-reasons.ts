import { z } from 'zod';
import type { MatchReason } from './types';

/** A MatchReason as JSON: what the rituals store beside a match or a group. */
export const matchReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shared-interest'), topic: z.string() }),
  z.object({ kind: z.literal('overlap'), minutes: z.number() }),
  z.object({ kind: z.literal('mixed'), field: z.string(), values: z.array(z.string()) }),
  z.object({ kind: z.literal('same'), field: z.string(), value: z.string() }),
  z.object({ kind: z.literal('first-meeting') }),
  z.object({ kind: z.literal('repeat'), pairs: z.number() }),
  z.object({ kind: z.literal('topic-fit'), topic: z.string(), mentorLevel: z.number(), menteeLevel: z.number() }),
]) satisfies z.ZodType<MatchReason>;

/** Stored reasons, checked when read like every JSON column: unreadable ones are dropped. */
export function readMatchReasons(json: unknown): MatchReason[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const parsed = matchReasonSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
