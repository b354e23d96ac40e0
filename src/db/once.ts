import type { Prisma } from './client';

/**
 * Records that the delivery `key` (an event id, a submitted view id) has been handled, inside
 * the caller's transaction. Returns false when it had been already: the caller then does nothing.
 * Because the record commits or rolls back with the work, a failed attempt can be retried.
 */
export async function claimOnce(tx: Prisma.TransactionClient, key: string): Promise<boolean> {
  const inserted = await tx.$executeRaw`INSERT INTO "ProcessedDelivery" (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING`;
  return inserted === 1;
}
