const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * Issues Slack-shaped ids (prefix + 10 upper-case characters). Counter-based rather than random so
 * ids are stable across runs of the same test, which keeps failure output comparable.
 */
export class IdFactory {
  private counter = 0;

  next(prefix: string, length = 10): string {
    this.counter += 1;
    let n = this.counter * 7919 + 104729;
    let body = '';
    for (let i = 0; i < length; i += 1) {
      body = ALPHABET[n % ALPHABET.length] + body;
      n = Math.floor(n / ALPHABET.length);
    }
    return prefix + body;
  }

  /** How many ids were issued, so a restored workspace never hands out one of them again. */
  get issued(): number {
    return this.counter;
  }

  resume(issued: number): void {
    this.counter = Math.max(this.counter, issued);
  }

  /** Opaque tokens (trigger ids, envelope ids, response_url paths) need not be stable, only unique. */
  opaque(): string {
    this.counter += 1;
    return `${this.counter.toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  }
}
