import { canonicalZone, localDate } from '../../../src/time/zones';

describe('zones', () => {
  it('spells known zones canonically and refuses unknown ones', () => {
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
    expect(canonicalZone('Australia/Lord_Howe')).toBe('Australia/Lord_Howe');
    expect(canonicalZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalZone('Europe/Berlin; DROP TABLE')).toBeUndefined();
    expect(canonicalZone('')).toBeUndefined();
  });

  it('gives the local calendar date of an instant', () => {
    const instant = new Date('2026-11-23T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-11-23');
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-11-24');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(() => localDate(instant, 'Nowhere/Land')).toThrow(RangeError);
  });
});
