/**
 * Message timestamps: Slack's `ts` is "<unix seconds>.<6 digits>" and unique per channel; we make it
 * unique and strictly increasing across the workspace so ordering by ts is ordering by time.
 */
export class SlackClock {
  private lastMicros = 0;

  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }

  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }
}

export function tsToMillis(ts: string): number {
  return Math.floor(Number(ts) * 1000);
}
