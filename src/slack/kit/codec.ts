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

/** A positive whole-number id as it travels in a value. */
export const idField = z.coerce.number().int().positive().max(2_147_483_647);
