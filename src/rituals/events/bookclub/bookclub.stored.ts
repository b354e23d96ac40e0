import type { Prisma } from '../../../db/client';
import { z } from 'zod';
import type { ReadingPlan } from './bookclub.rules';

/** A club's reading plan as its JSON column holds it. */
const storedPlanSchema = z.object({
  sessions: z.number().int(),
  chaptersPerSession: z.number().int(),
  firstStart: z.iso.datetime(),
  everyWeeks: z.number().int(),
  durationMinutes: z.number().int(),
  place: z.string(),
  timeZone: z.string(),
});

export function storablePlan(plan: ReadingPlan): Prisma.InputJsonValue {
  const { notes: _notes, ...kept } = plan;
  return { ...kept, firstStart: plan.firstStart.toISOString() };
}

/** The stored plan, or undefined when there is none (or it cannot be read). */
export function storedPlan(json: unknown): Omit<ReadingPlan, 'notes'> | undefined {
  const parsed = storedPlanSchema.safeParse(json);
  return parsed.success ? { ...parsed.data, firstStart: new Date(parsed.data.firstStart) } : undefined;
}
