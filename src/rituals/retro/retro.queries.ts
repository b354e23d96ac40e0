import type { Prisma, PrismaClient } from '../../db/client';
import { sqlPool } from '../../db/client';
import { retroPseudonym } from './retro.anonymity';
import { RetroError } from './retro.errors';
import type { RetroFormat } from './retro.formats';
import type { RetroPhaseName } from './retro.ids';
import { storedFormat, storedSummary } from './retro.stored';
import type { RetroRecord } from './retro.summary';

export interface RetroBoard {
  id: number;
  teamId: string;
  channelId: string;
  title: string;
  phase: RetroPhaseName;
  facilitatorId: string;
  anonymous: boolean;
  voteBudget: number;
  perItemCap: number;
  revealThreshold?: number;
  collectUntil?: Date;
  voteUntil?: Date;
  columns: { key: string; title: string; emoji: string; count: number }[];
  /** Empty while collecting; afterwards the leading BOARD_ITEMS items, in vote order. */
  items: { id: number; column: string; text: string; votes: number; authorId?: string; notes: number }[];
  /** All items once revealed (the board says how many it leaves out). */
  itemCount: number;
  contributors: number;
  actions: BoardAction[];
  /** Action items of this channel's earlier retros: open ones, and those this retro has reviewed. */
  review: (BoardAction & { retroTitle: string })[];
}

export interface BoardAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate?: string;
  status: 'open' | 'done' | 'dropped' | 'carried';
  carried?: boolean;
}

/**
 * What a retro shows and leaves behind, read only: the board, the record behind summaries and
 * exports, and the channel's history.
 */
export class RetroQueries {
  constructor(private readonly deps: { prisma: PrismaClient; anonymitySecret: string }) {}

  /**
   * What the board shows: counts of everything, and the leading items (in vote order) that fit
   * in a Slack message. Item texts stay hidden while items are being collected.
   */
  async board(retroId: number, db?: Db): Promise<RetroBoard> {
    // Refreshed after every change, so one statement rather than six Prisma queries (each ~3 ms
    // of CPU here; see `npm run bench -- retro`): on the pg pool, or in the caller's transaction
    // when the refresh must see (and commit with) its change.
    const rows = db
      ? await db.$queryRawUnsafe<BoardRow[]>(BOARD_SQL, retroId, BOARD_ITEMS, REVIEW_LIMIT)
      : (await sqlPool(this.deps.prisma).query<BoardRow>({ name: 'retro-board', text: BOARD_SQL, values: [retroId, BOARD_ITEMS, REVIEW_LIMIT] })).rows;
    const retro = rows[0];
    if (!retro) throw new RetroError('That retro does not exist any more.');
    const format = storedFormat(retro.format);
    const countOf = new Map((retro.perColumn ?? []).map((c) => [c.column, c.count]));
    const toAction = (a: BoardRowAction): BoardAction => ({
      id: a.id,
      text: a.text,
      ownerId: a.ownerId,
      status: a.status,
      ...(a.dueDate ? { dueDate: a.dueDate.slice(0, 10) } : {}),
      ...(a.carriedFromId ? { carried: true } : {}),
    });
    return {
      id: retro.id,
      teamId: retro.teamId,
      channelId: retro.channelId,
      title: retro.title,
      phase: retro.phase,
      facilitatorId: retro.facilitatorId,
      anonymous: retro.anonymity !== 'named',
      voteBudget: retro.voteBudget,
      perItemCap: retro.perItemCap,
      ...(retro.revealThreshold ? { revealThreshold: retro.revealThreshold } : {}),
      ...(retro.collectUntil !== null ? { collectUntil: new Date(retro.collectUntil) } : {}),
      ...(retro.voteUntil !== null ? { voteUntil: new Date(retro.voteUntil) } : {}),
      columns: format.columns.map((c) => ({ ...c, count: countOf.get(c.key) ?? 0 })),
      items: (retro.items ?? []).map((i) => ({ id: i.id, column: i.column, text: i.text, votes: i.votes, notes: i.notes, ...(i.authorId ? { authorId: i.authorId } : {}) })),
      itemCount: retro.phase === 'collect' ? 0 : (retro.perColumn ?? []).reduce((sum, c) => sum + c.count, 0),
      contributors: retro.contributors,
      actions: (retro.actions ?? []).map(toAction),
      review: (retro.review ?? []).map((a) => ({ ...toAction(a), retroTitle: a.retroTitle })),
    };
  }

  /** Everything a closed (or running) retro holds, with authors only where the retro is named. */
  async record(retroId: number): Promise<RetroRecord> {
    return buildRecord(this.deps.prisma, this.deps.anonymitySecret, await this.require(retroId));
  }

  /** The closed retros of a channel, newest first, a page at a time. */
  async history(teamId: string, channelId: string, page: number): Promise<{ retros: HistoryEntry[]; page: number; pages: number }> {
    const where = { teamId, channelId, phase: 'closed' as const };
    const total = await this.deps.prisma.retro.count({ where });
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE));
    const current = Math.min(Math.max(1, page), pages);
    const rows = await this.deps.prisma.retro.findMany({ where, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], skip: (current - 1) * HISTORY_PAGE, take: HISTORY_PAGE });
    const done = await this.deps.prisma.retroActionItem.groupBy({ by: ['retroId', 'status'], where: { retroId: { in: rows.map((r) => r.id) } }, _count: true });
    return {
      page: current,
      pages,
      retros: rows.map((r) => {
        const summary = storedSummary(r.summary);
        const counts = done.filter((d) => d.retroId === r.id);
        return {
          id: r.id,
          title: r.title,
          closedAt: r.closedAt ?? r.createdAt,
          participants: summary?.participants ?? 0,
          items: summary?.items ?? 0,
          actions: counts.reduce((sum, c) => sum + c._count, 0),
          actionsDone: counts.find((c) => c.status === 'done')?._count ?? 0,
        };
      }),
    };
  }

  /** The retro an export or history command means: the given id in this channel, or its latest closed one. */
  async closedRetroIn(teamId: string, channelId: string, retroId?: number): Promise<number> {
    const retro = retroId
      ? await this.deps.prisma.retro.findFirst({ where: { id: retroId, teamId, channelId } })
      : await this.deps.prisma.retro.findFirst({ where: { teamId, channelId, phase: 'closed' }, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }] });
    if (!retro) throw new RetroError(retroId ? `There is no retro #${retroId} in this channel. \`/retro history\` lists them.` : 'No retro has closed in this channel yet.');
    if (retro.phase !== 'closed') throw new RetroError(`Retro #${retro.id} is still running; it can be exported once it closes.`);
    return retro.id;
  }

  /** The retro's columns, as stored. */
  format(retro: RetroRow): RetroFormat {
    return storedFormat(retro.format);
  }

  /** The retro, or a clear refusal when it is gone. */
  async require(retroId: number): Promise<RetroRow> {
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId } });
    if (!retro) throw new RetroError('That retro does not exist any more.');
    return retro;
  }
}

export type RetroRow = NonNullable<Awaited<ReturnType<PrismaClient['retro']['findUnique']>>>;
export type Db = PrismaClient | Prisma.TransactionClient;

export interface OpenAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate?: string;
  retroTitle: string;
}

/** An open action item on its owner's App Home: where it was agreed, to go and find it. */
export interface OwnedAction extends OpenAction {
  channelId: string;
}

export interface HistoryEntry {
  id: number;
  title: string;
  closedAt: Date;
  participants: number;
  items: number;
  actions: number;
  actionsDone: number;
}

/** How many discussion threads open by themselves when the discussion starts: the most-voted items. */
export const DISCUSSION_THREADS = 10;
export const HISTORY_PAGE = 10;
export const REVIEW_LIMIT = 50;
/** More than a board message can show (50 blocks in all): the view takes what fits. */
export const BOARD_ITEMS = 50;

interface BoardRowAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate: string | null;
  status: BoardAction['status'];
  carriedFromId: number | null;
}

interface BoardRow {
  id: number;
  teamId: string;
  channelId: string;
  title: string;
  format: unknown;
  anonymity: 'named' | 'anonymous_items' | 'anonymous_all';
  phase: RetroPhaseName;
  facilitatorId: string;
  voteBudget: number;
  perItemCap: number;
  revealThreshold: number | null;
  /** Epoch milliseconds: the same in pg and in Prisma's raw queries, whatever the process's zone. */
  collectUntil: number | null;
  voteUntil: number | null;
  contributors: number;
  perColumn: { column: string; count: number }[] | null;
  items: { id: number; column: string; text: string; votes: number; authorId: string | null; notes: number }[] | null;
  actions: BoardRowAction[] | null;
  review: (BoardRowAction & { retroTitle: string })[] | null;
}

/**
 * Everything the board shows, in one statement: the retro, item counts per column, the number
 * of contributors, the leading items in vote order (none while collecting) with their note
 * counts, its action items, and the earlier retros' action items it reviews.
 */
const BOARD_SQL = `
  SELECT r.id, r."teamId", r."channelId", r.title, r.format, r.anonymity, r.phase, r."facilitatorId", r."voteBudget", r."perItemCap",
         r."revealThreshold", (EXTRACT(EPOCH FROM r."collectUntil") * 1000)::float8 AS "collectUntil", (EXTRACT(EPOCH FROM r."voteUntil") * 1000)::float8 AS "voteUntil",
         (SELECT COUNT(DISTINCT COALESCE(i."authorId", i."authorKey"))::int FROM "RetroItem" i WHERE i."retroId" = r.id) AS contributors,
         (SELECT json_agg(c) FROM (SELECT i."column", COUNT(*)::int AS count FROM "RetroItem" i WHERE i."retroId" = r.id GROUP BY i."column") c) AS "perColumn",
         (SELECT json_agg(x ORDER BY x.votes DESC, x."createdAt", x.id) FROM (
            SELECT i.id, i."column", i.text, i.votes, i."authorId", i."createdAt",
                   (SELECT COUNT(*)::int FROM "RetroNote" n WHERE n."itemId" = i.id) AS notes
              FROM "RetroItem" i WHERE i."retroId" = r.id AND r.phase <> 'collect'
             ORDER BY i.votes DESC, i."createdAt", i.id LIMIT $2) x) AS items,
         (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, text, "ownerId", "dueDate", status, "carriedFromId" FROM "RetroActionItem" WHERE "retroId" = r.id) a) AS actions,
         (SELECT json_agg(x ORDER BY x."createdAt", x.id) FROM (
            SELECT a.id, a.text, a."ownerId", a."dueDate", a.status, a."carriedFromId", a."createdAt", p.title AS "retroTitle"
              FROM "RetroActionItem" a JOIN "Retro" p ON p.id = a."retroId"
             WHERE p."teamId" = r."teamId" AND p."channelId" = r."channelId" AND a."retroId" < r.id AND (a.status = 'open' OR a."reviewedInRetroId" = r.id)
             ORDER BY a."createdAt", a.id LIMIT $3) x) AS review
    FROM "Retro" r WHERE r.id = $1`;

export async function openActionsBefore(db: Db, teamId: string, channelId: string, beforeRetroId?: number): Promise<OpenAction[]> {
  const rows = await db.retroActionItem.findMany({
    where: { status: 'open', retro: { teamId, channelId }, ...(beforeRetroId ? { retroId: { lt: beforeRetroId } } : {}) },
    include: { retro: { select: { title: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((a) => ({ id: a.id, text: a.text, ownerId: a.ownerId, retroTitle: a.retro.title, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) }));
}

export async function countContributors(db: Db, retroId: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT COUNT(DISTINCT COALESCE("authorId", "authorKey"))::int AS n FROM "RetroItem" WHERE "retroId" = ${retroId}`;
  return row?.n ?? 0;
}

/**
 * Everyone who took part: item authors and voters. In retros with anonymous items the authors
 * are pseudonyms, so named voters are counted by their pseudonym too (computed, never stored).
 */
export async function buildRecord(db: Db, secret: string, retro: RetroRow): Promise<RetroRecord> {
  const [items, notes, actions, voters] = await Promise.all([
    db.retroItem.findMany({ where: { retroId: retro.id }, orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
    db.retroNote.findMany({ where: { retroId: retro.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.retroActionItem.findMany({ where: { retroId: retro.id }, orderBy: { id: 'asc' } }),
    db.retroParticipant.findMany({ where: { retroId: retro.id, votesCast: { gt: 0 } }, select: { voterKey: true } }),
  ]);
  const named = retro.anonymity === 'named';
  const people = new Set(items.map((i) => (named ? i.authorId : i.authorKey)));
  for (const v of voters) people.add(retro.anonymity === 'anonymous_items' ? retroPseudonym(secret, retro.id, v.voterKey) : v.voterKey);
  people.delete(null);
  const format = storedFormat(retro.format);
  return {
    id: retro.id,
    title: retro.title,
    channelId: retro.channelId,
    formatName: format.name,
    anonymity: retro.anonymity,
    facilitatorId: retro.facilitatorId,
    createdAt: retro.createdAt,
    ...(retro.closedAt ? { closedAt: retro.closedAt } : {}),
    participants: people.size,
    columns: format.columns.map((c) => ({ key: c.key, title: c.title })),
    items: items.map((i) => ({
      column: i.column,
      text: i.text,
      votes: i.votes,
      ...(named && i.authorId ? { authorId: i.authorId } : {}),
      notes: notes.filter((n) => n.itemId === i.id).map((n) => ({ text: n.text, ...(named && n.authorId ? { authorId: n.authorId } : {}) })),
    })),
    actions: actions.map((a) => ({ text: a.text, ownerId: a.ownerId, status: a.status, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) })),
  };
}

