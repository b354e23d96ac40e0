import { parseIdeasCommand } from '../../../../src/rituals/ideas/ideas.command';
import { unwrapSlackLink } from '../../../../src/rituals/ideas/ideas.feeds';

describe('/guild ideas', () => {
  it('reads list, add, remove and proposals', () => {
    expect(parseIdeasCommand([])).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseIdeasCommand(['LIST'])).toEqual({ ok: true, command: { kind: 'list' } });
    expect(parseIdeasCommand(['add', '<https://example.org/feed>'])).toEqual({ ok: true, command: { kind: 'add', url: '<https://example.org/feed>' } });
    expect(parseIdeasCommand(['remove', '2'])).toEqual({ ok: true, command: { kind: 'remove', which: '2' } });
    expect(parseIdeasCommand(['proposals'])).toEqual({ ok: true, command: { kind: 'proposals' } });
  });

  it('says what is wrong and how to fix it', () => {
    expect(parseIdeasCommand(['add'])).toMatchObject({ ok: false, problem: expect.stringContaining('/guild ideas add https://') });
    expect(parseIdeasCommand(['add', 'a', 'b'])).toMatchObject({ ok: false });
    expect(parseIdeasCommand(['remove'])).toMatchObject({ ok: false, problem: expect.stringContaining('/guild ideas remove 2') });
    expect(parseIdeasCommand(['list', 'x'])).toMatchObject({ ok: false });
    expect(parseIdeasCommand(['frobnicate'])).toMatchObject({ ok: false, problem: expect.stringContaining("I don't know `/guild ideas frobnicate`") });
  });

  it('unwraps the links Slack escapes in commands', () => {
    expect(unwrapSlackLink('<https://example.org/feed.xml>')).toBe('https://example.org/feed.xml');
    expect(unwrapSlackLink('<https://example.org/feed.xml|example.org/feed.xml>')).toBe('https://example.org/feed.xml');
    expect(unwrapSlackLink(' https://example.org/x ')).toBe('https://example.org/x');
  });
});
