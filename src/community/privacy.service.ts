import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/client';

/** A column that can hold a person's Slack id: text, a text array, or JSON. */
interface PersonalColumn {
  table: string;
  column: string;
  kind: 'text' | 'array' | 'json';
  /** The column's type, to cast the edited text back to. */
  type: string;
}

/** Rows that are about the person alone (their profile answers, private lists): removed outright. */
const PERSONAL_ROWS: { table: string; columns: string[] }[] = [
  { table: 'TopicSkill', columns: ['personId'] },
  { table: 'CoffeeAvoid', columns: ['personId', 'avoidId'] },
  { table: 'CoffeeMember', columns: ['personId'] },
  { table: 'MentorSettings', columns: ['personId'] },
  { table: 'HealthReportOptOut', columns: ['personId'] },
];

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** The id as a whole word: U0ADA is not found inside U0ADAM. */
const wholeId = (id: string) => `\\y${id}\\y`;
export const SLACK_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * A person's data across every table, found by their Slack id wherever it is stored (ids,
 * arrays of ids, message texts, job payloads), so a table added by a new ritual is covered
 * without being listed here.
 *
 * - `export` gathers every row that mentions them.
 * - `forget` removes their profile rows, blanks their profile, and replaces their id everywhere
 *   with one opaque stand-in ("forgotten-…") in a single transaction: what they took part in
 *   still counts (a retro's participants, a group that met), but nothing leads back to them.
 */
export class PrivacyService {
  constructor(private readonly deps: { prisma: PrismaClient; logger: Logger; now: () => Date }) {}

  private async columns(): Promise<PersonalColumn[]> {
    const rows = await this.deps.prisma.$queryRawUnsafe<{ table: string; column: string; udt: string }[]>(
      `SELECT table_name AS table, column_name AS column, udt_name AS udt FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' AND udt_name IN ('text', '_text', 'jsonb', 'json', 'varchar')
        ORDER BY table_name, column_name`,
    );
    return rows.map((r) => ({ table: r.table, column: r.column, kind: r.udt === '_text' ? 'array' : r.udt.startsWith('json') ? 'json' : 'text', type: r.udt === '_text' ? 'text[]' : r.udt }));
  }

  /** Every stored row that mentions the person, by table (what `/guild my-data` sends them). */
  async export(personId: string): Promise<Record<string, unknown[]>> {
    if (!SLACK_ID.test(personId)) throw new Error('not a Slack user id');
    const found: Record<string, unknown[]> = {};
    const byTable = groupBy(await this.columns());
    for (const [table, columns] of byTable) {
      const where = columns.map((c) => `${asText(c)} ~ $1`).join(' OR ');
      const rows = await this.deps.prisma.$queryRawUnsafe<{ row: unknown }[]>(`SELECT row_to_json(t) AS row FROM ${quoted(table)} t WHERE ${where}`, wholeId(personId));
      if (rows.length) found[table] = rows.map((r) => r.row);
    }
    return found;
  }

  /** Erases the person (see the class comment); returns the stand-in id that replaced theirs. */
  async forget(personId: string): Promise<string> {
    if (!SLACK_ID.test(personId)) throw new Error('not a Slack user id');
    const standIn = `forgotten-${randomBytes(6).toString('hex')}`;
    const columns = await this.columns();
    await this.deps.prisma.$transaction(async (tx) => {
      for (const { table, columns: keys } of PERSONAL_ROWS) {
        if (!columns.some((c) => c.table === table)) continue;
        await tx.$executeRawUnsafe(`DELETE FROM ${quoted(table)} WHERE ${keys.map((k) => `${quoted(k)} = $1`).join(' OR ')}`, personId);
      }
      await tx.$executeRawUnsafe(`UPDATE "Membership" SET "leftAt" = coalesce("leftAt", $2), coffee = false, mentoring = NULL, "eventSuggestions" = false WHERE "personId" = $1`, personId, this.deps.now());
      await tx.$executeRawUnsafe(
        `UPDATE "Person" SET "displayName" = '', "slackTimeZone" = NULL, "timeZone" = NULL, interests = '{}', "snoozedUntil" = NULL, "deactivatedAt" = coalesce("deactivatedAt", $2) WHERE id = $1`,
        personId, this.deps.now(),
      );
      // Person's id first: the foreign keys to it follow (ON UPDATE CASCADE); then every other mention.
      await tx.$executeRawUnsafe(`UPDATE "Person" SET id = $2 WHERE id = $1`, personId, standIn);
      for (const c of columns) await tx.$executeRawUnsafe(replaceStatement(c), wholeId(personId), standIn);
    }, { timeout: 120_000, maxWait: 10_000 });
    this.deps.logger.info({ standIn }, 'a person was forgotten');
    return standIn;
  }
}

/** How long after Slack deleted an account Guild forgets the person (they may be reactivated meanwhile). */
export const DELETED_ACCOUNT_GRACE_DAYS = 30;

/** People whose Slack account was deleted more than the grace period ago (forgotten ones excluded). */
export async function deletedLongAgo(prisma: PrismaClient, now: Date, limit = 100): Promise<string[]> {
  const before = new Date(now.getTime() - DELETED_ACCOUNT_GRACE_DAYS * 86_400_000);
  const people = await prisma.person.findMany({ where: { deactivatedAt: { lt: before }, NOT: { id: { startsWith: 'forgotten-' } } }, select: { id: true }, take: limit, orderBy: { deactivatedAt: 'asc' } });
  return people.map((p) => p.id);
}

function groupBy(columns: PersonalColumn[]): Map<string, PersonalColumn[]> {
  const map = new Map<string, PersonalColumn[]>();
  for (const c of columns) map.set(c.table, [...(map.get(c.table) ?? []), c]);
  return map;
}

function asText(c: PersonalColumn): string {
  return c.kind === 'text' ? quoted(c.column) : `${quoted(c.column)}::text`;
}

/** One column's mentions replaced, the value read as text and cast back to its type. */
function replaceStatement(c: PersonalColumn): string {
  const cast = c.kind === 'text' ? '' : `::${c.type}`;
  const value = `regexp_replace(${asText(c)}, $1, $2, 'g')${cast}`;
  return `UPDATE ${quoted(c.table)} SET ${quoted(c.column)} = ${value} WHERE ${asText(c)} ~ $1`;
}
