import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EMOJI, withEmoji } from '../../../../src/sandbox/web/render/emoji';

const SRC = path.join(__dirname, '..', '..', '..', '..', 'src');

/** Guild's own source files (not the sandbox, which shows messages, nor generated code). */
function guildSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'sandbox' || entry.name === 'generated' ? [] : guildSources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Shortcodes written in Guild's messages: `:name:` standing alone in a string. */
function shortcodesIn(source: string): string[] {
  return [...source.matchAll(/[`'" ]:([a-z][a-z0-9_+]*):[ `'"\\]/g)].map((m) => m[1]!);
}

describe('the sandbox page’s emoji', () => {
  it('shows every shortcode Guild’s messages use as its emoji', () => {
    const used = new Set(guildSources(SRC).flatMap((file) => shortcodesIn(readFileSync(file, 'utf8'))));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !(code in EMOJI)).sort()).toEqual([]);
  });

  it('shows the event announcement’s place pin, and leaves unknown codes as written', () => {
    expect(withEmoji(':round_pushpin: Room 4 :no_entry: :nosuch:')).toBe('📍 Room 4 ⛔ :nosuch:');
  });
});
