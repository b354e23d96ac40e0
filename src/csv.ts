/**
 * CSV as spreadsheets read it (RFC 4180: quoted when a cell holds a quote, comma or line break;
 * CRLF between rows), and safe to open: a cell that a spreadsheet would take for a formula
 * (starting with = + - @ or a tab, or their full-width forms) is prefixed with an apostrophe.
 * Retro exports and the health metrics use it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r＝＋－＠]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as one CSV document, ending with a line break. */
export function csvDocument(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
