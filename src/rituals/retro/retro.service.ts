import { RetroActionItems } from './retro.action-items';
import { RetroBoards } from './retro.board';
import { RetroLifecycle, type RetroBaseDeps } from './retro.lifecycle';
import { RetroQueries } from './retro.queries';
import { RetroVotes } from './retro.votes';

export { RetroError } from './retro.errors';
export type { RetroPhaseName } from './retro.ids';
export type { NewRetro } from './retro.lifecycle';
export type { BoardAction, HistoryEntry, OpenAction, OwnedAction, RetroBoard } from './retro.queries';

export interface RetroServiceDeps extends RetroBaseDeps {
  /** The time zone a person's reminders are timed in. */
  timeZoneOf(userId: string): Promise<string>;
  now?: () => Date;
}

/**
 * The rules of a retrospective, one object over its four parts: the lifecycle (start, items,
 * phases, facilitation, threads and notes), dot votes (the hot path), action items, and what
 * the board, summaries, exports and history read.
 */
export class RetroService {
  readonly queries: RetroQueries;
  readonly lifecycle: RetroLifecycle;
  readonly votes: RetroVotes;
  readonly actionItems: RetroActionItems;

  constructor(deps: RetroServiceDeps) {
    const now = deps.now ?? (() => new Date());
    this.queries = new RetroQueries(deps);
    const boards = new RetroBoards({ queries: this.queries, messages: deps.messages });
    this.lifecycle = new RetroLifecycle({ ...deps, now, queries: this.queries, boards });
    this.votes = new RetroVotes({ ...deps, queries: this.queries });
    this.actionItems = new RetroActionItems({ ...deps, now, queries: this.queries, boards });
  }

  start: RetroLifecycle['start'] = (input) => this.lifecycle.start(input);
  addItem: RetroLifecycle['addItem'] = (...a) => this.lifecycle.addItem(...a);
  advance: RetroLifecycle['advance'] = (...a) => this.lifecycle.advance(...a);
  close: RetroLifecycle['close'] = (...a) => this.lifecycle.close(...a);
  deadlinePassed: RetroLifecycle['deadlinePassed'] = (...a) => this.lifecycle.deadlinePassed(...a);
  handOver: RetroLifecycle['handOver'] = (...a) => this.lifecycle.handOver(...a);
  openThread: RetroLifecycle['openThread'] = (...a) => this.lifecycle.openThread(...a);
  addNote: RetroLifecycle['addNote'] = (input) => this.lifecycle.addNote(input);
  vote: RetroVotes['vote'] = (...a) => this.votes.vote(...a);
  addAction: RetroActionItems['addAction'] = (...a) => this.actionItems.addAction(...a);
  reviewAction: RetroActionItems['reviewAction'] = (...a) => this.actionItems.reviewAction(...a);
  openActions: RetroActionItems['openActions'] = (...a) => this.actionItems.openActions(...a);
  openActionsOwnedBy: RetroActionItems['openActionsOwnedBy'] = (...a) => this.actionItems.openActionsOwnedBy(...a);
  remindBeforeNextRetro: RetroActionItems['remindBeforeNextRetro'] = (...a) => this.actionItems.remindBeforeNextRetro(...a);
  board: RetroQueries['board'] = (retroId) => this.queries.board(retroId);
  record: RetroQueries['record'] = (retroId) => this.queries.record(retroId);
  history: RetroQueries['history'] = (...a) => this.queries.history(...a);
  closedRetroIn: RetroQueries['closedRetroIn'] = (...a) => this.queries.closedRetroIn(...a);
}
