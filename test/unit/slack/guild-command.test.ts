import type { RitualSubcommand } from '../../../src/rituals/ritual';
import { COMMAND_TEXT_MAX, guildRoutes, parseGuildCommand } from '../../../src/slack/guild-command';

describe('parseGuildCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['  help ', { kind: 'help' }],
    ['setup', { kind: 'setup' }],
    ['setup Design guild', { kind: 'setup', name: 'Design guild' }],
    ['JOIN', { kind: 'join' }],
    ['leave', { kind: 'leave' }],
    ['profile', { kind: 'profile' }],
    ['organisers', { kind: 'organisers.list' }],
    ['organizers list', { kind: 'organisers.list' }],
    ['organisers add <@U0ADA|ada>', { kind: 'organisers.add', userId: 'U0ADA' }],
    ['organisers remove <@W0GRACE>', { kind: 'organisers.remove', userId: 'W0GRACE' }],
    ['topics', { kind: 'topics.list' }],
    ['topics add accessibility,  Design Systems ,', { kind: 'topics.add', names: ['accessibility', 'Design Systems'] }],
    ['topics remove design systems', { kind: 'topics.remove', name: 'design systems' }],
  ])('%j', (text, command) => {
    expect(parseGuildCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['dance', /I don't know `\/guild dance`/],
    ['join now', /takes nothing after it/],
    ['organisers add', /exactly one person/],
    ['organisers add @ada', /plain text "@ada".*suggestions/],
    ['organisers add <@U1> <@U2>', /exactly one person/],
    ['organisers promote <@U1>', /organisers add @someone/],
    ['topics add', /Name the topics/],
    ['topics add , ,', /Name the topics/],
    ['topics remove', /Name the topic to remove/],
    ['topics rename a b', /topics add/],
    ['x'.repeat(COMMAND_TEXT_MAX + 1), /too long/],
  ])('rejects %j with a clear problem', (text, problem) => {
    const result = parseGuildCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});

describe('a ritual\'s /guild subcommands', () => {
  const reply = async () => ({ text: 'stats' });
  const pairing: RitualSubcommand = {
    words: ['pairing'],
    parse: (rest) => (rest[0]?.toLowerCase() === 'stats' ? { ok: true, command: reply } : { ok: false, problem: 'Use `/guild pairing stats`.' }),
  };

  it('routes its first word to the ritual, with the rest of the text', async () => {
    const parsed = parseGuildCommand('Pairing STATS', guildRoutes([pairing]));
    expect(parsed.ok && parsed.command.kind).toBe('ritual');
    if (parsed.ok && parsed.command.kind === 'ritual') expect(parsed.command.run).toBe(reply);
  });

  it('passes the ritual\'s problem on', () => {
    expect(parseGuildCommand('pairing', guildRoutes([pairing]))).toEqual({ ok: false, problem: 'Use `/guild pairing stats`.' });
  });

  it('keeps Guild\'s own subcommands and unknown words as they were', () => {
    expect(parseGuildCommand('topics', guildRoutes([pairing]))).toEqual({ ok: true, command: { kind: 'topics.list' } });
    expect(parseGuildCommand('pairing stats').ok).toBe(false);
  });

  it('refuses a first word claimed twice', () => {
    expect(() => guildRoutes([pairing, { ...pairing, words: ['stats', 'pairing'] }])).toThrow('/guild pairing is claimed twice');
    expect(() => guildRoutes([{ ...pairing, words: ['topics'] }])).toThrow('/guild topics is claimed twice');
  });
});
