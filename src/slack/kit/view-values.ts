import { z } from 'zod';

/** One input's state in a submitted view, as Slack sends it; only the fields Guild reads. */
const inputState = z
  .object({
    value: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
    selected_user: z.string().nullish(),
    /** A datetimepicker: seconds since the epoch. */
    selected_date_time: z.number().nullish(),
  })
  .loose();

export const viewStateSchema = z.record(z.string(), z.record(z.string(), inputState));
export type ViewState = z.infer<typeof viewStateSchema>;
type InputState = z.infer<typeof inputState>;

/** Reads a submitted view's inputs by block id and action id. */
export class ViewValues {
  constructor(private readonly state: ViewState) {}

  static parse(values: unknown): ViewValues {
    return new ViewValues(viewStateSchema.parse(values));
  }

  private input(blockId: string, actionId: string): InputState | undefined {
    return this.state[blockId]?.[actionId];
  }

  /** Text, time, date or single choice, whichever the input holds; undefined when empty. */
  text(blockId: string, actionId: string): string | undefined {
    const s = this.input(blockId, actionId);
    return s?.value ?? s?.selected_time ?? s?.selected_date ?? s?.selected_option?.value ?? s?.selected_user ?? undefined;
  }

  /** A datetimepicker's instant; undefined when empty. */
  dateTime(blockId: string, actionId: string): Date | undefined {
    const seconds = this.input(blockId, actionId)?.selected_date_time;
    return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
  }

  choices(blockId: string, actionId: string): string[] {
    return this.input(blockId, actionId)?.selected_options?.map((o) => o.value) ?? [];
  }

  blockIds(prefix: string): string[] {
    return Object.keys(this.state).filter((id) => id.startsWith(prefix));
  }
}

/**
 * A form's private_metadata, checked against its schema; undefined when it is missing, not JSON
 * or not of that shape (an old or tampered form), so the listener can answer instead of throwing.
 */
export function readMetadata<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text || '{}');
  } catch {
    return undefined; // not JSON: treated like any other malformed metadata
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
