/**
 * IANA time-zone lookups used on hot paths (every profile submission): constructing an
 * Intl.DateTimeFormat costs far more than using one, so each zone's formatter is made once.
 */
const dateFormatters = new Map<string, Intl.DateTimeFormat | null>();

function dateFormatter(zone: string): Intl.DateTimeFormat | null {
  const key = zone.toLowerCase();
  let formatter = dateFormatters.get(key);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      formatter = null; // not a zone this runtime knows
    }
    if (dateFormatters.size < 1000) dateFormatters.set(key, formatter);
  }
  return formatter;
}

/** The canonical spelling of an IANA zone ("america/new_york" → "America/New_York"), or undefined if unknown. */
export function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return undefined;
  return dateFormatter(zone)?.resolvedOptions().timeZone;
}

/** The calendar date (YYYY-MM-DD) at instant `at` in `zone`. */
export function localDate(at: Date, zone: string): string {
  const formatter = dateFormatter(zone);
  if (!formatter) throw new RangeError(`unknown time zone ${zone}`);
  return formatter.format(at); // en-CA formats as YYYY-MM-DD
}
