const formatters = new Map<string, { offset: Intl.DateTimeFormat; label: Intl.DateTimeFormat }>();

function formattersFor(tz: string): { offset: Intl.DateTimeFormat; label: Intl.DateTimeFormat } {
  let pair = formatters.get(tz);
  if (!pair) {
    pair = {
      offset: new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }),
      label: new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }),
    };
    formatters.set(tz, pair);
  }
  return pair;
}

function part(format: Intl.DateTimeFormat, at: Date): string {
  return format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** Slack's `tz_offset`: seconds east of UTC at the given moment (so it changes with DST). */
export function tzOffsetSeconds(tz: string, at: Date = new Date()): number {
  const name = part(formattersFor(tz).offset, at); // "GMT+02:00", "GMT-03:30" or "GMT"
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

/** Slack's `tz_label`, e.g. "Central European Summer Time". */
export function tzLabel(tz: string, at: Date = new Date()): string {
  return part(formattersFor(tz).label, at);
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formattersFor(tz);
    return true;
  } catch {
    formatters.delete(tz);
    return false;
  }
}
