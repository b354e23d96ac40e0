import type { Logger } from 'pino';

/**
 * How long after a vote its poll's message is rendered: votes meanwhile share the render. Slack
 * takes about one chat.update a second in a channel (Tier 3), so rendering more often buys nothing.
 */
export const REFRESH_DELAY_MS = 1000;

/**
 * Re-renders a poll's message after votes, coalesced: a burst of votes on one poll gives one
 * render a short while after the first, and one more if votes came in while it ran, so the last
 * render always follows the last vote. (The delivery gateway coalesces the edits again under
 * Slack's chat.update limits.) A render that fails is logged; the next vote or the close redoes it.
 */
export class PollRefresher {
  private readonly running = new Map<number, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly render: (pollId: number) => Promise<void>,
    private readonly logger: Logger,
    private readonly delayMs = REFRESH_DELAY_MS,
  ) {}

  request(pollId: number): void {
    const current = this.running.get(pollId);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { again: true, done: Promise.resolve() };
    this.running.set(pollId, entry);
    entry.done = this.loop(pollId, entry);
  }

  private async loop(pollId: number, entry: { again: boolean }): Promise<void> {
    try {
      while (entry.again) {
        entry.again = false;
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        await this.render(pollId).catch((err: unknown) => this.logger.warn({ err, pollId }, 'poll message not refreshed'));
      }
    } finally {
      this.running.delete(pollId);
    }
  }

  /** Resolves once no render is pending or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }
}
