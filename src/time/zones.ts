/**
 * IANA time-zone lookups used on hot paths (every profile submission): constructing an
 * Intl.DateTimeFormat costs far more than using one, and reading its resolved options costs a
 * fresh object each time, so each zone's formatter and canonical name are found once.
 */
interface KnownZone {
  formatter: Intl.DateTimeFormat;
  canonical: string;
}

const zones = new Map<string, KnownZone | null>();

function knownZone(zone: string): KnownZone | null {
  const key = zone.toLowerCase();
  let known = zones.get(key);
  if (known === undefined) {
    try {
      const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      known = { formatter, canonical: formatter.resolvedOptions().timeZone };
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      known = null; // not a zone this runtime knows
    }
    if (zones.size < 1000) zones.set(key, known);
  }
  return known;
}

/** The canonical spelling of an IANA zone ("america/new_york" → "America/New_York"), or undefined if unknown. */
export function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return undefined;
  return knownZone(zone)?.canonical;
}

/** The calendar date (YYYY-MM-DD) at instant `at` in `zone`. */
export function localDate(at: Date, zone: string): string {
  const known = knownZone(zone);
  if (!known) throw new RangeError(`unknown time zone ${zone}`);
  return known.formatter.format(at); // en-CA formats as YYYY-MM-DD
}
