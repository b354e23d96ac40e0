import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { readMetadata } from './view-values';

/**
 * A form's private_metadata, sealed to the person it was opened for. Slack hands back what Guild
 * set, but a forged or replayed submission could name another channel's retro: the seal (an
 * HMAC over the context and the person, keyed by GUILD_SECRET) makes such a form read as out of
 * date. Slack allows 3,000 characters; the seal adds about 40.
 */
export interface SealedMetadata<T> {
  write(value: T, userId: string): string;
  /** The context, or undefined when the form is malformed, stale or not this person's. */
  read(text: string | undefined, userId: string): T | undefined;
}

export function sealedMetadata<T extends Record<string, unknown>>(schema: z.ZodType<T>, secret: string): SealedMetadata<T> {
  const envelope = z.object({ v: z.unknown(), s: z.string() });
  const seal = (json: string, userId: string) => createHmac('sha256', secret).update(`${userId}\n${json}`).digest('base64url').slice(0, 32);
  return {
    write(value, userId) {
      const json = JSON.stringify(value);
      return JSON.stringify({ v: value, s: seal(json, userId) });
    },
    read(text, userId) {
      const outer = readMetadata(envelope, text);
      if (!outer) return undefined;
      const expected = Buffer.from(seal(JSON.stringify(outer.v), userId));
      const given = Buffer.from(outer.s);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const parsed = schema.safeParse(outer.v);
      return parsed.success ? parsed.data : undefined;
    },
  };
}
