import { describeZone, formatOffset, OPTIONS_MAX, parseOffset, searchZones, shortZone } from '../../../src/time/zone-search';

// Winter in the north: New York is UTC−5, Berlin UTC+1, Sydney UTC+11.
const january = new Date('2027-01-15T12:00:00Z');
const july = new Date('2027-07-15T12:00:00Z');
const zones = (query: string, at = january) => searchZones(query, at).map((c) => c.zone);

describe('searchZones', () => {
  it('finds a zone by its city, in any case and without accents', () => {
    expect(zones('berlin')[0]).toBe('Europe/Berlin');
    expect(zones('New York')[0]).toBe('America/New_York');
    expect(zones('new_york')[0]).toBe('America/New_York');
    expect(zones('sao paulo')[0]).toBe('America/Sao_Paulo');
    expect(zones('São Paulo')[0]).toBe('America/Sao_Paulo');
  });

  it('finds cities the tz database does not name, and zone names this runtime spells the old way', () => {
    expect(zones('San Francisco')).toContain('America/Los_Angeles');
    expect(zones('Bangalore')).toContain('Asia/Calcutta');
    expect(zones('Asia/Kolkata')).toContain('Asia/Calcutta');
    expect(zones('Kyiv')).toContain('Europe/Kiev');
  });

  it('finds a zone by its name or region', () => {
    expect(zones('America/New_York')[0]).toBe('America/New_York');
    expect(zones('Australia').every((z) => z.startsWith('Australia/'))).toBe(true);
    expect(zones('UTC')[0]).toBe('UTC');
  });

  it('puts cities that start with the query before names that only contain it', () => {
    const found = searchZones('san', january);
    const startsWith = found.map((c) => c.city.toLowerCase().startsWith('san'));
    expect(startsWith[0]).toBe(true);
    expect(startsWith.indexOf(false)).toBeGreaterThan(0);
    expect(startsWith.slice(startsWith.indexOf(false))).not.toContain(true);
    expect(found.map((c) => c.zone)).toContain('America/Los_Angeles'); // San Francisco, after the cities named San…
  });

  it('finds every zone at an offset, however it is written, with the offset in force now', () => {
    for (const query of ['+5:30', '+05:30', '+0530', 'UTC+5:30', 'gmt +5:30']) expect(zones(query)).toContain('Asia/Calcutta');
    for (const query of ['UTC-3', '-03:00', '-3', '−3', 'utc−3']) expect(zones(query)).toContain('America/Sao_Paulo');
    expect(zones('-5')).toContain('America/New_York');
    expect(zones('-5', july)).not.toContain('America/New_York'); // daylight saving: UTC−4 in July
    expect(zones('-4', july)).toContain('America/New_York');
    expect(searchZones('+1', january).every((c) => c.offsetMinutes === 60)).toBe(true);
    expect(zones('+1', january)[0]).toBe('Europe/Berlin'); // the best-known city first
    expect(zones('+15')).toEqual([]);
  });

  it('answers an empty query with one well-known city per offset, west to east', () => {
    const found = searchZones('', january);
    const offsets = found.map((c) => c.offsetMinutes);
    expect(offsets).toEqual([...new Set(offsets)].sort((a, b) => a - b));
    expect(found.map((c) => c.zone)).toEqual(expect.arrayContaining(['America/New_York', 'Europe/Berlin', 'Asia/Calcutta', 'UTC', 'Asia/Tokyo']));
    expect(found.length).toBeGreaterThan(25);
    expect(searchZones('   ', january)).toEqual(found);
  });

  it('never returns more than Slack takes, nor more than asked', () => {
    expect(searchZones('a', january).length).toBe(OPTIONS_MAX); // "a" is in hundreds of names
    expect(searchZones('a', january, 99).length).toBe(99);
    expect(searchZones('', january, 10).length).toBe(10);
    expect(searchZones('+0', january, 0)).toEqual([]);
  });

  it('finds nothing for text that names no zone', () => {
    expect(zones('Atlantis')).toEqual([]);
    expect(zones('<!channel>')).toEqual([]);
    expect(zones('x'.repeat(2000))).toEqual([]);
  });

  it('describes every zone within an option text (75 characters)', () => {
    for (const query of ['', 'a', 'e', 'o', 'i', 'u', '+0', '-5']) {
      for (const c of searchZones(query, january)) {
        expect(describeZone(c).length).toBeLessThanOrEqual(75);
        expect(c.zone.length).toBeLessThanOrEqual(140); // the option's value adds a short prefix; Slack allows 150
      }
    }
    expect(describeZone({ zone: 'America/New_York', city: 'New York', offsetMinutes: -300 })).toBe('New York · UTC−5 · America/New_York');
  });
});

describe('offsets', () => {
  it('reads offsets as people type them', () => {
    expect(parseOffset('+5:30')).toBe(330);
    expect(parseOffset('UTC-3')).toBe(-180);
    expect(parseOffset('-03:00')).toBe(-180);
    expect(parseOffset('+14')).toBe(840);
    expect(parseOffset('+15')).toBeUndefined();
    expect(parseOffset('5')).toBeUndefined();
    expect(parseOffset('Berlin')).toBeUndefined();
  });

  it('writes them with a real minus sign', () => {
    expect(formatOffset(-300)).toBe('UTC−5');
    expect(formatOffset(330)).toBe('UTC+5:30');
    expect(formatOffset(0)).toBe('UTC+0');
    expect(shortZone('America/New_York', january)).toBe('New York, UTC−5');
    expect(shortZone('Mars/Olympus', january)).toBe('Mars/Olympus');
  });
});
