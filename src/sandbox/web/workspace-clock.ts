import type { Clock } from '../../scheduler/clock';

/**
 * The sandbox's time: the system's plus an offset that only grows when a person fast-forwards.
 * Guild's scheduler and the local Slack read the same instance, so a jump moves both: jobs fall
 * due, and messages posted afterwards carry the new time. Real time keeps flowing underneath.
 */
export class WorkspaceClock implements Clock {
  private listeners: (() => void)[] = [];

  constructor(private offset = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Moves forward only: going back would make Slack timestamps and job leases run backwards. */
  advance(ms: number): void {
    if (!(ms > 0)) return;
    this.offset += ms;
    for (const listener of this.listeners) listener();
  }

  /** Back to the system's time (a reset, when every record made at the later time is gone too). */
  reset(): void {
    this.offset = 0;
    for (const listener of this.listeners) listener();
  }

  onMove(listener: () => void): void {
    this.listeners.push(listener);
  }
}
