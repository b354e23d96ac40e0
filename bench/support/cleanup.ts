/**
 * Stops what a benchmark started, newest first, each step once, even when an earlier step fails:
 * a benchmark that leaves Postgres or a server running poisons the next measurement.
 */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];

  constructor(private readonly report: (message: string) => void) {}

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  async runAll(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (err) {
        this.report(`cleanup: ${step.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
