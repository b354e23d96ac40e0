import { z } from 'zod';

/** One input's state in a submitted view, as Slack sends it; only the fields Guild reads. */
const inputFields = {
  value: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_user: z.string().nullish(),
  /** A datetimepicker: seconds since the epoch. */
  selected_date_time: z.number().nullish(),
};
const inputState = z.object(inputFields).loose();

/** Every input with every field Slack sent (events read `selected_users` from it). */
export const viewStateSchema = z.record(z.string(), z.record(z.string(), inputState));
export type ViewState = z.infer<typeof viewStateSchema>;

/**
 * A view state's two levels (block id, then action id), its inputs not yet read: ViewValues
 * checks each input when it reads it, keeping only the fields it reads. Forms are submitted in
 * the ack's hot path (the profile form most of all), and checking and copying every input,
 * option labels included, cost each submission some 20 KB of garbage.
 */
const stateLevels = z.record(z.string(), z.record(z.string(), z.unknown()));
const readInput = z.object(inputFields);

/** Reads a submitted view's inputs by block id and action id. */
export class ViewValues {
  constructor(private readonly state: Record<string, Record<string, unknown>>) {}

  /** @throws ZodError when `values` is not a view state, or (when it is read) an input is malformed. */
  static parse(values: unknown): ViewValues {
    return new ViewValues(stateLevels.parse(values));
  }

  private input(blockId: string, actionId: string): z.output<typeof readInput> | undefined {
    const raw = this.state[blockId]?.[actionId];
    return raw === undefined ? undefined : readInput.parse(raw);
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
