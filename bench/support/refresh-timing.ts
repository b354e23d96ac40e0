import { performance } from 'node:perf_hooks';
import { summarise, type Summary } from './percentiles';

export interface RefreshTimings {
  /** Reading what the message shows. */
  query: Summary;
  /** Reading, rendering and chat.update: one refresh as Guild does it. */
  full: Summary;
  /** chat.update of content rendered once before: the floor a refresh cannot go under. */
  update: Summary;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Times `runs` refreshes of a message in place (after five warm-up reads), each part on its own. */
export async function timeRefreshes<R, C>(runs: number, parts: { read(): Promise<R>; render(read: R): C; update(content: C): Promise<unknown> }): Promise<RefreshTimings> {
  const rendered = parts.render(await parts.read());
  for (let i = 0; i < 5; i += 1) await parts.read();
  const query: number[] = [];
  const full: number[] = [];
  const update: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    query.push(await time(() => parts.read()));
    full.push(await time(async () => parts.update(parts.render(await parts.read()))));
    update.push(await time(() => parts.update(rendered)));
  }
  return { query: summarise(query), full: summarise(full), update: summarise(update) };
}
