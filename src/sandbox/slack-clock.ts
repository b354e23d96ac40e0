/**
 * Message timestamps: Slack's `ts` is "<unix seconds>.<6 digits>" and unique per channel; we make it
 * unique and strictly increasing across the workspace so ordering by ts is ordering by time.
 *
 * `now` is the workspace's time. It is the system's by default; the browser sandbox passes the
 * clock it shares with Guild's scheduler, so fast-forwarding moves both, and messages posted after
 * a jump carry the workspace's time as Slack would.
 */
export class SlackClock {
  private lastMicros = 0;

  constructor(private readonly now: () => number = Date.now) {}

  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }

  nowMs(): number {
    return this.now();
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** After a restore: no new ts may come before one already handed out. */
  notBefore(ts: string): void {
    const [seconds = '0', fraction = '0'] = ts.split('.');
    this.lastMicros = Math.max(this.lastMicros, Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6)));
  }
}

export function tsToMillis(ts: string): number {
  return Math.floor(Number(ts) * 1000);
}
