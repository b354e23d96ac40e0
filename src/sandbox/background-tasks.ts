import type { SandboxLogger } from './sandbox.types';

/**
 * Owns work that outlives the call that started it (event retries), so stop() can cancel the
 * timers and await what is in flight instead of leaving handles open.
 */
export class BackgroundTasks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly logger?: SandboxLogger) {}

  after(delayMs: number, label: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(label, work);
    }, delayMs);
    this.timers.add(timer);
  }

  private run(label: string, work: () => Promise<unknown>): void {
    const task: Promise<void> = work()
      .then(
        () => undefined,
        (err: unknown) => this.logger?.warn({ err, task: label }, 'local slack background task failed'),
      )
      .then(() => {
        this.running.delete(task);
      });
    this.running.add(task);
  }

  get pending(): number {
    return this.timers.size + this.running.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
