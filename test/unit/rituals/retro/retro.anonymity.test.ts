import { retroPseudonym } from '../../../../src/rituals/retro/retro.anonymity';

describe('retroPseudonym', () => {
  const secret = 'a-long-random-secret-from-the-environment';

  it('is stable for one person in one retro, and says nothing of who they are', () => {
    const p = retroPseudonym(secret, 7, 'U0ADA');
    expect(p).toBe(retroPseudonym(secret, 7, 'U0ADA'));
    expect(p).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p).not.toContain('U0ADA');
  });

  it('differs between people, between retros and between secrets', () => {
    const all = [
      retroPseudonym(secret, 7, 'U0ADA'),
      retroPseudonym(secret, 7, 'U0GRACE'),
      retroPseudonym(secret, 8, 'U0ADA'),
      retroPseudonym(`${secret}-other`, 7, 'U0ADA'),
    ];
    expect(new Set(all).size).toBe(4);
  });
});
