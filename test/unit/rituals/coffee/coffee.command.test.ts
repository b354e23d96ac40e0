import { parseCoffeeCommand } from '../../../../src/rituals/coffee/coffee.command';
import { guildRoutes, parseGuildCommand } from '../../../../src/slack/guild-command';
import { coffeeSubcommand } from '../../../../src/rituals/coffee/coffee.command';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('parseCoffeeCommand', () => {
  it.each([
    ['', { kind: 'status' }],
    ['help', { kind: 'status' }],
    ['JOIN', { kind: 'join' }],
    ['leave', { kind: 'leave' }],
    ['snooze 2', { kind: 'snooze', weeks: 2 }],
    ['snooze 26', { kind: 'snooze', weeks: 26 }],
    ['resume', { kind: 'resume' }],
    ['avoid <@U0ALAN|alan>', { kind: 'avoid', userId: 'U0ALAN' }],
    ['unavoid <@W0GRACE>', { kind: 'unavoid', userId: 'W0GRACE' }],
    ['settings', { kind: 'settings' }],
    ['preview', { kind: 'preview' }],
    ['run', { kind: 'run' }],
  ])('%j', (text, command) => {
    expect(parseCoffeeCommand(words(text))).toEqual({ ok: true, command });
  });

  it.each([
    ['snooze', /how many weeks, 1 to 26/],
    ['snooze 0', /how many weeks, 1 to 26/],
    ['snooze abc', /how many weeks, 1 to 26/],
    ['snooze 27', /how many weeks, 1 to 26/],
    ['snooze 2 weeks', /how many weeks/],
    ['snooze -1', /how many weeks/],
    ['avoid', /Mention exactly one person/],
    ['avoid alan', /Mention exactly one person/],
    ['avoid @alan', /plain text "@alan".*suggestions/],
    ['avoid <@U1> <@U2>', /exactly one person/],
    ['unavoid', /coffee unavoid @ada/],
    ['join now', /`\/guild coffee join` takes nothing after it/],
    ['brew', /I don't know `\/guild coffee brew`/],
    ['constructor', /I don't know/],
  ])('rejects %j with a clear problem', (text, problem) => {
    const parsed = parseCoffeeCommand(words(text));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});

describe('/guild coffee as a ritual subcommand', () => {
  const seen: string[] = [];
  const handler = (kind: string) => async () => {
    seen.push(kind);
    return { text: kind };
  };
  const kinds = ['status', 'join', 'leave', 'snooze', 'resume', 'avoid', 'unavoid', 'settings', 'preview', 'run'] as const;
  const routes = guildRoutes([coffeeSubcommand(Object.fromEntries(kinds.map((k) => [k, handler(k)])) as never)]);

  it('routes `/guild coffee snooze 3` to the snooze handler', async () => {
    const parsed = parseGuildCommand('coffee snooze 3', routes);
    expect(parsed.ok && parsed.command.kind).toBe('ritual');
    if (parsed.ok && parsed.command.kind === 'ritual') expect(await parsed.command.run({} as never)).toEqual({ text: 'snooze' });
    expect(seen).toEqual(['snooze']);
  });

  it('passes the problem of bad text on to /guild', () => {
    expect(parseGuildCommand('coffee snooze 0', routes)).toEqual({ ok: false, problem: expect.stringMatching(/1 to 26/) });
  });
});
