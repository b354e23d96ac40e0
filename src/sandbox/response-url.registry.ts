import type { IdFactory } from './ids';

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

/** What a response_url acts on: the command's channel, or the message (or ephemeral) an action came from. */
export interface ResponseTarget {
  user: string;
  channel: string;
  messageTs?: string;
  ephemeralTs?: string;
}

interface Entry {
  target: ResponseTarget;
  issuedAt: number;
  uses: number;
}

export type ResponseUrlCheck = { ok: true; target: ResponseTarget } | { ok: false; error: 'used_url' | 'expired_url' | 'invalid_url' };

export class ResponseUrlRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ids: IdFactory) {}

  issue(target: ResponseTarget): string {
    const key = this.ids.opaque();
    this.entries.set(key, { target, issuedAt: Date.now(), uses: 0 });
    return key;
  }

  use(key: string): ResponseUrlCheck {
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, error: 'invalid_url' };
    if (Date.now() - entry.issuedAt > RESPONSE_URL_TTL_MS) return { ok: false, error: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    entry.uses += 1;
    return { ok: true, target: entry.target };
  }

  clear(): void {
    this.entries.clear();
  }
}
