import type { IdFactory } from './ids';

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

export type TriggerCheck = { ok: true; user: string } | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' };

/** trigger_ids: one per interaction, valid for a few seconds, usable once. */
export class TriggerRegistry {
  private readonly triggers = new Map<string, Trigger>();

  constructor(
    private readonly ids: IdFactory,
    private readonly ttlMs: number,
  ) {}

  issue(user: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${this.ids.opaque()}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  consume(id: string | undefined): TriggerCheck {
    const trigger = id === undefined ? undefined : this.triggers.get(id);
    if (!trigger || trigger.used) return { ok: false, error: 'invalid_trigger_id' };
    if (Date.now() - trigger.issuedAt > this.ttlMs) return { ok: false, error: 'expired_trigger_id' };
    trigger.used = true;
    return { ok: true, user: trigger.user };
  }

  clear(): void {
    this.triggers.clear();
  }
}
