import { COMMAND_TEXT_MAX, parseGuildCommand } from '../../../src/slack/guild-command';

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
