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

/** A submitted view state that is not the shape Slack sends (a forged or garbled request). */
export class MalformedViewState extends Error {
  constructor(where: string) {
    super(`The submitted form is malformed: ${where}.`);
    this.name = 'MalformedViewState';
  }
}

type Input = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a submitted view's inputs by block id and action id.
 *
 * The view state is Slack's own structure, not what a person typed (that is checked with zod by
 * each form's rules, with an answer beside the field): it is checked here by hand, two levels
 * when parsed and each input as it is read, because forms are submitted on the ack's hot path
 * (the profile form most of all) and a zod parse of every input cost each profile submission
 * some 27 KB of garbage, which the garbage collector then charged to the next acks' latency.
 */
export class ViewValues {
  constructor(private readonly state: Record<string, Record<string, unknown>>) {}

  /** @throws MalformedViewState when `values` is not a view state, or (when it is read) an input is malformed. */
  static parse(values: unknown): ViewValues {
    if (!isObject(values)) throw new MalformedViewState('its state is not an object of blocks');
    for (const blockId in values) {
      if (!isObject(values[blockId])) throw new MalformedViewState(`block "${blockId}" is not an object of inputs`);
    }
    return new ViewValues(values as Record<string, Record<string, unknown>>);
  }

  private input(blockId: string, actionId: string): Input | undefined {
    const block = Object.hasOwn(this.state, blockId) ? this.state[blockId]! : undefined;
    const raw = block && Object.hasOwn(block, actionId) ? block[actionId] : undefined;
    if (raw === undefined) return undefined;
    if (!isObject(raw)) throw new MalformedViewState(`input ${blockId}/${actionId} is not an object`);
    return raw;
  }

  /** Text, time, date or single choice, whichever the input holds; undefined when empty. */
  text(blockId: string, actionId: string): string | undefined {
    const s = this.input(blockId, actionId);
    if (!s) return undefined;
    const where = `${blockId}/${actionId}`;
    return (
      optionalString(s.value, where, 'value') ??
      optionalString(s.selected_time, where, 'selected_time') ??
      optionalString(s.selected_date, where, 'selected_date') ??
      optionValue(s.selected_option, where, 'selected_option') ??
      optionalString(s.selected_user, where, 'selected_user')
    );
  }

  /** A datetimepicker's instant; undefined when empty. */
  dateTime(blockId: string, actionId: string): Date | undefined {
    const seconds = this.input(blockId, actionId)?.selected_date_time;
    if (seconds === undefined || seconds === null) return undefined;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new MalformedViewState(`input ${blockId}/${actionId} has a selected_date_time that is not a number`);
    return new Date(seconds * 1000);
  }

  choices(blockId: string, actionId: string): string[] {
    const options = this.input(blockId, actionId)?.selected_options;
    if (options === undefined || options === null) return [];
    const where = `${blockId}/${actionId}`;
    if (!Array.isArray(options)) throw new MalformedViewState(`input ${where} has selected_options that are not a list`);
    return options.map((option) => optionValue(option, where, 'selected_options') ?? malformed(where, 'selected_options'));
  }

  blockIds(prefix: string): string[] {
    return Object.keys(this.state).filter((id) => id.startsWith(prefix));
  }
}

function optionalString(value: unknown, where: string, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : malformed(where, field);
}

/** An option's value: options are `{ text, value }`, and only the value is read. */
function optionValue(option: unknown, where: string, field: string): string | undefined {
  if (option === undefined || option === null) return undefined;
  return isObject(option) && typeof option.value === 'string' ? option.value : malformed(where, field);
}

function malformed(where: string, field: string): never {
  throw new MalformedViewState(`input ${where} has a malformed ${field}`);
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
