/** Slack cursors are opaque base64 strings; ours encode "<kind>:<offset>". */
export function encodeCursor(kind: string, offset: number): string {
  return Buffer.from(`${kind}:${offset}`).toString('base64');
}

/** Returns the offset, 0 for no cursor, or undefined for a cursor we did not issue. */
export function decodeCursor(kind: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const [prefix, offsetText] = decoded.split(':');
  const offset = Number(offsetText);
  if (prefix !== kind || !Number.isInteger(offset) || offset < 0) return undefined;
  return offset;
}

export interface Page<T> {
  items: T[];
  nextCursor: string;
}

export function paginate<T>(kind: string, all: readonly T[], offset: number, limit: number): Page<T> {
  const items = all.slice(offset, offset + limit);
  const end = offset + items.length;
  return { items, nextCursor: end < all.length ? encodeCursor(kind, end) : '' };
}
