import type { Prisma, PrismaClient } from '../../db/client';
import type { Unconference } from '../../generated/prisma/client';
import { parseAgenda, parseRooms } from './unconference.stored';
import type { ProposalView, UnconferenceView } from './unconference.types';

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;

/** The unconference's reads: a row as the ritual sees it, its proposals with their dots. */

export function unconferenceView(row: Unconference): UnconferenceView {
  return {
    id: row.id,
    communityId: row.communityId,
    title: row.title,
    timeZone: row.timeZone,
    slotStarts: row.slotStarts,
    sessionMinutes: row.sessionMinutes,
    rooms: parseRooms(row.rooms),
    dotsPerPerson: row.dotsPerPerson,
    proposalsCloseAt: row.proposalsCloseAt,
    votingClosesAt: row.votingClosesAt,
    phase: row.phase,
    createdBy: row.createdBy,
    draft: parseAgenda(row.draft),
    agenda: parseAgenda(row.agenda),
  };
}

export async function findUnconference(db: Db, id: number): Promise<UnconferenceView | undefined> {
  const row = await db.unconference.findUnique({ where: { id } });
  return row ? unconferenceView(row) : undefined;
}

/**
 * Locks the unconference's row for the transaction: `share` for proposals and dots (many at
 * once), `update` for a change of phase or draft, which so waits for the proposals and dots in
 * flight: none lands after the phase moved on.
 */
export async function lockUnconference(tx: Tx, id: number, mode: 'share' | 'update'): Promise<UnconferenceView | undefined> {
  const locked = mode === 'share' ? await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Unconference" WHERE id = ${id} FOR SHARE` : await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Unconference" WHERE id = ${id} FOR UPDATE`;
  return locked.length === 0 ? undefined : findUnconference(tx, id);
}

/** Proposals in the order they came, with the dots on each. */
export async function proposalsOf(db: Db, unconferenceId: number): Promise<ProposalView[]> {
  const [rows, sums] = await Promise.all([
    db.unconferenceProposal.findMany({ where: { unconferenceId }, orderBy: { id: 'asc' } }),
    db.unconferenceDot.groupBy({ by: ['proposalId'], where: { unconferenceId }, _sum: { count: true } }),
  ]);
  const dots = new Map(sums.map((s) => [s.proposalId, s._sum.count ?? 0]));
  return rows.map((r) => ({ id: r.id, title: r.title, description: r.description, level: r.level, hostId: r.hostId, dots: dots.get(r.id) ?? 0 }));
}

/** One voter's dots: proposal → count. */
export async function dotsOf(db: Db, unconferenceId: number, personId: string): Promise<Map<number, number>> {
  const rows = await db.unconferenceDot.findMany({ where: { unconferenceId, personId }, select: { proposalId: true, count: true } });
  return new Map(rows.map((r) => [r.proposalId, r.count]));
}
