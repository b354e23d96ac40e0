import { z } from 'zod';
import type { RetroFormat } from './retro.formats';
import type { RetroSummary } from './retro.summary';

/**
 * The retro's JSON columns, checked when read: a row written by an older version (or edited by
 * hand) fails here with a clear message instead of surfacing later as `undefined.columns`.
 */
const formatSchema = z.object({
  id: z.enum(['tanzu', 'start-stop-continue', '4ls', 'mad-sad-glad', 'custom']),
  name: z.string(),
  columns: z.array(z.object({ key: z.string(), title: z.string(), emoji: z.string() })).min(1),
});

const summarySchema = z.object({
  participants: z.number().int(),
  items: z.number().int(),
  votes: z.number().int(),
  top: z.array(z.object({ column: z.string(), text: z.string(), votes: z.number().int() })),
  actions: z.array(z.object({ text: z.string(), ownerId: z.string(), dueDate: z.string().optional() })),
});

export function storedFormat(json: unknown): RetroFormat {
  return formatSchema.parse(json);
}

export function storedSummary(json: unknown): RetroSummary | undefined {
  return json === null || json === undefined ? undefined : summarySchema.parse(json);
}
