import { z } from 'zod';

/**
 * A typed codec for what Guild puts in a button's or option's `value` (at most 150 characters
 * for options, 2,000 for buttons): fields joined by ':' in a fixed order. The same codec writes
 * the value in a view and reads it back in the listener and in tests, so neither splits
 * strings by hand. An old or forged value decodes to undefined, never to a half-read object.
 */
export interface ValueCodec<T> {
  encode(value: T): string;
  decode(text: string | undefined): T | undefined;
}

export function valueCodec<S extends z.ZodRawShape>(shape: S, order: readonly (keyof S & string)[]): ValueCodec<z.infer<z.ZodObject<S>>> {
  const schema = z.object(shape).strict();
  return {
    encode(value) {
      return order.map((key) => String((value as Record<string, unknown>)[key])).join(':');
    },
    decode(text) {
      if (typeof text !== 'string') return undefined;
      const parts = text.split(':');
      if (parts.length !== order.length) return undefined;
      const parsed = schema.safeParse(Object.fromEntries(order.map((key, i) => [key, parts[i]])));
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/** A whole-number id as Guild writes it (no sign, exponent, hex or spaces), within Postgres' int. */
const wholeNumber = (pattern: RegExp) => z.string().regex(pattern).transform(Number).pipe(z.number().int().max(2_147_483_647));
/** A positive id. */
export const idField = wholeNumber(/^[1-9]\d{0,9}$/);
/** An id, or 0 for "none". */
export const idOrNoneField = wholeNumber(/^(0|[1-9]\d{0,9})$/);
