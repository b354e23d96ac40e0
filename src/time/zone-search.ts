/**
 * Finding a time zone the way a person thinks of it: by city ("berlin", "são paulo"), by zone
 * name ("America/New_York") or by the offset they know ("+5:30", "UTC-3", "-03:00"). Pure: the
 * zones are the runtime's (`Intl.supportedValuesOf`), the offsets those in force at `now`.
 */

export interface ZoneChoice {
  /** The IANA name as this runtime spells it. */
  zone: string;
  /** "New York": the zone's city, as people say it. */
  city: string;
  /** Minutes east of UTC at the instant searched for. */
  offsetMinutes: number;
}

/** Slack answers an options request with at most 100 options (Block Kit: select menu of external data source). */
export const OPTIONS_MAX = 100;

/**
 * Names people use that the tz database does not (or that this runtime's ICU spells the old way:
 * Node 20 says Asia/Calcutta where Slack says Asia/Kolkata). Searched like cities.
 */
const ALSO_KNOWN_AS: Record<string, string[]> = {
  'Asia/Calcutta': ['Kolkata', 'Asia/Kolkata', 'Mumbai', 'Delhi', 'Bangalore', 'Bengaluru', 'Chennai', 'India'],
  'Asia/Katmandu': ['Kathmandu', 'Asia/Kathmandu'],
  'Asia/Saigon': ['Ho Chi Minh City', 'Asia/Ho_Chi_Minh'],
  'Asia/Rangoon': ['Yangon', 'Asia/Yangon'],
  'Europe/Kiev': ['Kyiv', 'Europe/Kyiv'],
  'America/Los_Angeles': ['San Francisco', 'Seattle', 'Pacific Time'],
  'America/New_York': ['Boston', 'Washington', 'Miami', 'Atlanta', 'Eastern Time'],
  'America/Chicago': ['Dallas', 'Houston', 'Austin', 'Central Time'],
  'America/Denver': ['Salt Lake City', 'Mountain Time'],
  'America/Sao_Paulo': ['Rio de Janeiro', 'Brazil'],
  'Asia/Shanghai': ['Beijing', 'Shenzhen', 'China'],
  'Europe/Berlin': ['Munich', 'Hamburg', 'Frankfurt', 'Germany'],
  'Europe/London': ['Manchester', 'Edinburgh', 'United Kingdom'],
  'Europe/Zurich': ['Geneva'],
  'Australia/Sydney': ['Canberra'],
  'UTC': ['GMT', 'Coordinated Universal Time'],
};

/** The zone shown for each offset when nothing was typed: the best-known city there. */
const WELL_KNOWN = [
  'Pacific/Pago_Pago', 'Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago',
  'America/New_York', 'America/Halifax', 'America/St_Johns', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'Atlantic/South_Georgia',
  'Atlantic/Azores', 'UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Athens', 'Africa/Cairo', 'Africa/Nairobi', 'Europe/Istanbul', 'Asia/Tehran',
  'Asia/Dubai', 'Asia/Kabul', 'Asia/Karachi', 'Asia/Calcutta', 'Asia/Katmandu', 'Asia/Dhaka', 'Asia/Rangoon', 'Asia/Bangkok', 'Asia/Singapore',
  'Asia/Shanghai', 'Australia/Eucla', 'Asia/Tokyo', 'Australia/Darwin', 'Australia/Adelaide', 'Australia/Sydney', 'Australia/Lord_Howe',
  'Pacific/Noumea', 'Pacific/Auckland', 'Pacific/Chatham', 'Pacific/Tongatapu', 'Pacific/Kiritimati',
];
const WELL_KNOWN_RANK = new Map(WELL_KNOWN.map((zone, i) => [zone, i]));

interface ZoneEntry {
  zone: string;
  city: string;
  /** Lower-cased, accent-free, underscores as spaces: what a query is matched against. */
  keys: string[];
}

let entries: ZoneEntry[] | undefined;

function allZones(): ZoneEntry[] {
  if (!entries) {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC'); // Intl lists only geographic zones; UTC is what many people pick
    entries = [...zones].sort().map((zone) => {
      const city = cityOf(zone);
      return { zone, city, keys: [city, zone, ...zone.split('/').slice(0, -1), ...(ALSO_KNOWN_AS[zone] ?? [])].map(normalise) };
    });
  }
  return entries;
}

/** "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function cityOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[_\s]+/g, ' ').trim();
}

/** Constructing a formatter costs ~0.1 ms and there are over 400 zones: each is made once. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in `zone` at `at` (DST included); undefined for a zone this runtime does not know. */
export function offsetMinutes(zone: string, at: Date): number | undefined {
  let formatter = offsetFormatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch (err) {
      if (err instanceof RangeError) return undefined;
      throw err;
    }
    if (offsetFormatters.size < 1000) offsetFormatters.set(zone, formatter);
  }
  const name = formatter.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!match) return undefined;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** "UTC−5", "UTC+5:30", "UTC+0": with a real minus sign, as people write it. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/**
 * An offset as typed: "+5:30", "+0530", "UTC-3", "gmt+1", "-03:00", "−5" (Unicode minus), "utc+0".
 * Undefined when the text is not an offset (then it is searched as a name).
 */
export function parseOffset(query: string): number | undefined {
  const match = /^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?([0-5]\d))?$/i.exec(query.trim());
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return match[1] === '+' ? minutes : -minutes;
}

/**
 * The zones matching `query`, best first, at most `limit`: an offset gives every zone at that
 * offset now; a name gives cities that start with it, then zone names and other names that
 * start with it, then those that merely contain it; an empty query gives one well-known city
 * per offset in force, west to east.
 */
export function searchZones(query: string, now: Date, limit = OPTIONS_MAX): ZoneChoice[] {
  const zones = allZones();
  const text = normalise(query);
  const choice = (e: ZoneEntry): ZoneChoice | undefined => {
    const offset = offsetMinutes(e.zone, now);
    return offset === undefined ? undefined : { zone: e.zone, city: e.city, offsetMinutes: offset };
  };
  const known = (c: ZoneChoice | undefined): c is ZoneChoice => c !== undefined;
  if (text === '') return onePerOffset(zones.map(choice).filter(known)).slice(0, Math.max(0, limit));

  const wanted = parseOffset(query);
  if (wanted !== undefined) {
    return zones
      .map(choice)
      .filter(known)
      .filter((c) => c.offsetMinutes === wanted)
      .sort((a, b) => rank(a.zone) - rank(b.zone) || a.city.localeCompare(b.city))
      .slice(0, Math.max(0, limit));
  }

  const scored: { entry: ZoneEntry; score: number }[] = [];
  for (const entry of zones) {
    const [city, ...others] = entry.keys;
    const score = city!.startsWith(text) ? 0 : others.some((k) => k.startsWith(text)) ? 1 : entry.keys.some((k) => k.includes(text)) ? 2 : -1;
    if (score >= 0) scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || rank(a.entry.zone) - rank(b.entry.zone) || a.entry.city.localeCompare(b.entry.city));
  return scored.map((s) => choice(s.entry)).filter(known).slice(0, Math.max(0, limit));
}

function rank(zone: string): number {
  return WELL_KNOWN_RANK.get(zone) ?? WELL_KNOWN.length;
}

function onePerOffset(choices: ZoneChoice[]): ZoneChoice[] {
  const byOffset = new Map<number, ZoneChoice>();
  for (const c of choices) {
    const held = byOffset.get(c.offsetMinutes);
    if (!held || rank(c.zone) < rank(held.zone)) byOffset.set(c.offsetMinutes, c);
  }
  return [...byOffset.values()].sort((a, b) => a.offsetMinutes - b.offsetMinutes);
}

/** "New York · UTC−5 · America/New_York", or "UTC · UTC+0" where the city is the zone. */
export function describeZone(choice: ZoneChoice): string {
  const offset = formatOffset(choice.offsetMinutes);
  return choice.city === choice.zone ? `${choice.zone} · ${offset}` : `${choice.city} · ${offset} · ${choice.zone}`;
}

/** "New York, UTC−5": how the form names the zone Slack has for the person. */
export function shortZone(zone: string, now: Date): string {
  const offset = offsetMinutes(zone, now);
  return offset === undefined ? zone : `${cityOf(zone)}, ${formatOffset(offset)}`;
}
