import type { FaultSpec } from './sandbox.types';

export type FaultOutcome =
  | { kind: 'none'; delayMs: number }
  | { kind: 'ratelimited'; delayMs: number; retryAfterS: number }
  | { kind: 'server_error'; delayMs: number; status: 500 | 503 };

/** Injected failures for Web API calls and Socket Mode connections, driven by a seeded RNG. */
export class FaultInjector {
  private readonly rules = new Map<string, FaultSpec>();

  constructor(
    private readonly random: () => number,
    private readonly onDropSocket: () => void,
  ) {}

  /** Adds or replaces the rule for `spec.method` ('*' when absent: every method). */
  set(spec: FaultSpec): void {
    this.rules.set(spec.method ?? '*', spec);
    if (spec.dropSocket) this.onDropSocket();
  }

  clear(): void {
    this.rules.clear();
  }

  get dropsSockets(): boolean {
    for (const rule of this.rules.values()) if (rule.dropSocket) return true;
    return false;
  }

  decide(method: string): FaultOutcome {
    const rule = this.rules.get(method) ?? this.rules.get('*');
    if (!rule) return { kind: 'none', delayMs: 0 };
    const delayMs = rule.delayMs ?? 0;
    if (rule.rate429 && this.random() < rule.rate429) {
      return { kind: 'ratelimited', delayMs, retryAfterS: rule.retryAfterS ?? 1 };
    }
    if (rule.rate5xx && this.random() < rule.rate5xx) {
      return { kind: 'server_error', delayMs, status: this.random() < 0.5 ? 500 : 503 };
    }
    return { kind: 'none', delayMs };
  }
}
