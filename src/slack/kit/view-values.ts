import { z } from 'zod';

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
    const at = [blockId, actionId] as const;
    return (
      optionalString(s.value, at, 'value') ??
      optionalString(s.selected_time, at, 'selected_time') ??
      optionalString(s.selected_date, at, 'selected_date') ??
      optionValue(s.selected_option, at, 'selected_option') ??
      optionalString(s.selected_user, at, 'selected_user')
    );
  }

  /** A datetimepicker's instant; undefined when empty. */
  dateTime(blockId: string, actionId: string): Date | undefined {
    const seconds = this.input(blockId, actionId)?.selected_date_time;
    if (seconds === undefined || seconds === null) return undefined;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return malformed([blockId, actionId], 'selected_date_time');
    return new Date(seconds * 1000);
  }

  /** A multi-select's chosen option values; empty when none. */
  choices(blockId: string, actionId: string): string[] {
    const at = [blockId, actionId] as const;
    return this.list(at, 'selected_options').map((option) => optionValue(option, at, 'selected_options') ?? malformed(at, 'selected_options'));
  }

  /** A multi_users_select's chosen people (user ids); empty when none. */
  users(blockId: string, actionId: string): string[] {
    const at = [blockId, actionId] as const;
    return this.list(at, 'selected_users').map((user) => optionalString(user, at, 'selected_users') ?? malformed(at, 'selected_users'));
  }

  private list(at: At, field: string): unknown[] {
    const list = this.input(...at)?.[field];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw new MalformedViewState(`input ${at[0]}/${at[1]} has ${field} that are not a list`);
    return list;
  }

  blockIds(prefix: string): string[] {
    return Object.keys(this.state).filter((id) => id.startsWith(prefix));
  }
}

/** Where in the state a field is: block id and action id (the message is built only on failure). */
type At = readonly [blockId: string, actionId: string];

function optionalString(value: unknown, at: At, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : malformed(at, field);
}

/** An option's value: options are `{ text, value }`, and only the value is read. */
function optionValue(option: unknown, at: At, field: string): string | undefined {
  if (option === undefined || option === null) return undefined;
  return isObject(option) && typeof option.value === 'string' ? option.value : malformed(at, field);
}

function malformed(at: At, field: string): never {
  throw new MalformedViewState(`input ${at[0]}/${at[1]} has a malformed ${field}`);
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
