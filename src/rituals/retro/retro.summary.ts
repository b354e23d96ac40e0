import { csvDocument } from '../../csv';

/**
 * What a closed retro leaves behind, and how it is exported. Pure: built from the rows the
 * service reads, rendered to Markdown or CSV. An anonymous retro's record has no author fields
 * at all, so nothing here can print one.
 */
export interface RetroRecord {
  id: number;
  title: string;
  channelId: string;
  formatName: string;
  anonymity: 'named' | 'anonymous_items' | 'anonymous_all';
  facilitatorId: string;
  createdAt: Date;
  closedAt?: Date;
  participants: number;
  columns: { key: string; title: string }[];
  /** In vote order. */
  items: { column: string; text: string; votes: number; authorId?: string; notes: { text: string; authorId?: string }[] }[];
  actions: { text: string; ownerId: string; dueDate?: string; status: string }[];
}

/** Kept on the retro row when it closes: enough for `/retro history` without reading the items. */
export interface RetroSummary {
  participants: number;
  items: number;
  votes: number;
  top: { column: string; text: string; votes: number }[];
  actions: { text: string; ownerId: string; dueDate?: string }[];
}

export const SUMMARY_TOP_ITEMS = 5;

export function summarise(record: RetroRecord): RetroSummary {
  return {
    participants: record.participants,
    items: record.items.length,
    votes: record.items.reduce((sum, i) => sum + i.votes, 0),
    top: record.items.filter((i) => i.votes > 0).slice(0, SUMMARY_TOP_ITEMS).map((i) => ({ column: i.column, text: i.text, votes: i.votes })),
    actions: record.actions.map((a) => ({ text: a.text, ownerId: a.ownerId, ...(a.dueDate ? { dueDate: a.dueDate } : {}) })),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
/** Markdown control characters in user text are escaped so an item cannot restructure the file. */
const md = (text: string) => oneLine(text).replace(/([\\`*_{}[\]<>#|])/g, '\\$1');

export function exportMarkdown(record: RetroRecord): string {
  const lines = [`# Retro: ${md(record.title)}`, ''];
  lines.push(`- Held in <#${record.channelId}>, ${day(record.createdAt)}${record.closedAt ? ` to ${day(record.closedAt)}` : ''}`);
  lines.push(`- Format: ${md(record.formatName)}; ${record.anonymity === 'named' ? 'named' : record.anonymity === 'anonymous_items' ? 'anonymous items' : 'anonymous items and votes'}`);
  lines.push(`- Facilitator: <@${record.facilitatorId}>`, `- Took part: ${record.participants}`, '');
  for (const column of record.columns) {
    const items = record.items.filter((i) => i.column === column.key);
    lines.push(`## ${md(column.title)} (${items.length})`, '');
    if (items.length === 0) lines.push('_No items._', '');
    for (const item of items) {
      lines.push(`- ${md(item.text)} — ${item.votes} vote${item.votes === 1 ? '' : 's'}${item.authorId ? ` — <@${item.authorId}>` : ''}`);
      for (const note of item.notes) lines.push(`  - ${md(note.text)}${note.authorId ? ` — <@${note.authorId}>` : ''}`);
    }
    if (items.length) lines.push('');
  }
  lines.push('## Action items', '');
  if (record.actions.length === 0) lines.push('_None._');
  for (const a of record.actions) lines.push(`- [${a.status === 'done' ? 'x' : ' '}] ${md(a.text)} — <@${a.ownerId}>${a.dueDate ? `, due ${a.dueDate}` : ''}${a.status === 'open' || a.status === 'done' ? '' : ` (${a.status})`}`);
  return `${lines.join('\n')}\n`;
}

export const CSV_HEADER = ['kind', 'column', 'text', 'votes', 'author', 'owner', 'due', 'status'] as const;

/**
 * One row per item, note and action item. Cells are quoted as RFC 4180 says, and a cell that a
 * spreadsheet would run as a formula (=, +, -, @, their full-width forms, tab or CR first) is prefixed with a quote.
 */
export function exportCsv(record: RetroRecord): string {
  const rows: string[][] = [[...CSV_HEADER]];
  const columnTitle = new Map(record.columns.map((c) => [c.key, c.title]));
  for (const item of record.items) {
    const column = columnTitle.get(item.column) ?? item.column;
    rows.push(['item', column, item.text, String(item.votes), item.authorId ?? '', '', '', '']);
    for (const note of item.notes) rows.push(['note', column, note.text, '', note.authorId ?? '', '', '', '']);
  }
  for (const a of record.actions) rows.push(['action', '', a.text, '', '', a.ownerId, a.dueDate ?? '', a.status]);
  return csvDocument(rows);
}
