import { mentoringCommands, type MentoringCommandDeps } from '../../../../src/rituals/mentoring/mentoring.command';
import { guildRoutes, parseGuildCommand } from '../../../../src/slack/guild-command';
import type { CommandContext } from '../../../../src/slack/kit/command';

/** `/guild mentoring …` and `/guild levels …` as the `/guild` table reads them. */

const community = { id: 5, name: 'Design', channelId: 'C0DESIGN', timeZone: 'Europe/London' };
const context: CommandContext = { actor: { teamId: 'T1', userId: 'U0ADA' }, channel: { teamId: 'T1', channelId: 'C0DESIGN' }, triggerId: 't' };

function fakes() {
  const deps = {
    mentoring: { setIdealGap: jest.fn(async () => undefined), setCapacity: jest.fn(async () => ({ isMentor: true })), runRound: jest.fn(async () => ({ week: '2026-W49', ran: true, proposed: 2 })) },
    levels: { distributions: jest.fn(async () => []), sendSurvey: jest.fn(async () => ({ recipients: 12, topics: 4 })) },
    community: { requireCommunity: jest.fn(async () => community), requireOrganiser: jest.fn(async () => undefined) },
    schedules: { list: jest.fn(async () => []), create: jest.fn(async () => ({ id: 3, description: 'every week on Monday at 10:00' })) },
    now: () => new Date('2026-12-01T10:00:00Z'),
  };
  return { deps, routes: guildRoutes(mentoringCommands(deps as unknown as MentoringCommandDeps)) };
}

async function run(text: string) {
  const { deps, routes } = fakes();
  const parsed = parseGuildCommand(text, routes);
  if (!parsed.ok || parsed.command.kind !== 'ritual') throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  return { reply: await parsed.command.run(context), deps };
}

describe('/guild mentoring and /guild levels', () => {
  it.each([
    ['mentoring capacity 11', /11 is more than 10 mentees/],
    ['mentoring capacity -1', /from 0 to 10/],
    ['mentoring capacity lots', /from 0 to 10/],
    ['mentoring capacity', /from 0 to 10/],
    ['mentoring run now', /takes nothing after it/],
    ['mentoring schedule funday 10:00', /"funday" is not a weekday/],
    ['mentoring', /Use `\/guild mentoring capacity <n>`/],
    ['mentoring dance', /has no "dance"/],
    ['levels everyone', /`\/guild levels survey`/],
    ['mentoring gap 0', /1 to 4, e\.g\. `\/guild mentoring gap 2`/],
    ['mentoring gap 5', /1 to 4/],
    ['mentoring gap two', /1 to 4/],
  ])('refuses "%s" with what to type instead', (text, problem) => {
    const parsed = parseGuildCommand(text, fakes().routes);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it('sets a capacity of 0 as "not now"', async () => {
    const { reply, deps } = await run('mentoring capacity 0');
    expect(deps.mentoring.setCapacity).toHaveBeenCalledWith(5, 'U0ADA', 0);
    expect(reply).toEqual({ text: 'You are not taking mentees for now; set a number again when you are.' });
  });

  it('runs the round as an organiser and says what it did', async () => {
    const { reply, deps } = await run('mentoring run');
    expect(deps.community.requireOrganiser).toHaveBeenCalledWith(5, 'U0ADA', 'run mentor matches');
    expect(deps.mentoring.runRound).toHaveBeenCalledWith(5, new Date('2026-12-01T10:00:00Z'));
    expect(reply).toEqual({ text: 'Proposed 2 mentor matches (2026-W49); both sides got a DM to accept or decline.' });
  });

  it('sets the ideal level gap as an organiser', async () => {
    const { reply, deps } = await run('mentoring gap 3');
    expect(deps.community.requireOrganiser).toHaveBeenCalledWith(5, 'U0ADA', 'set the ideal level gap');
    expect(deps.mentoring.setIdealGap).toHaveBeenCalledWith(5, 3);
    expect(reply).toEqual({ text: 'Mentor matches now prefer mentors 3 levels above their mentees (from the next round or re-match).' });
  });

  it('schedules a weekly round in the community zone', async () => {
    const { reply, deps } = await run('mentoring schedule Mon 10:00');
    expect(deps.schedules.create).toHaveBeenCalledWith(expect.objectContaining({ communityId: 5, kind: 'mentoring.round', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '10:00', timeZone: 'Europe/London' } }));
    expect(reply).toEqual({ text: expect.stringMatching(/schedule #3/) });
  });

  it('sends the survey and shows levels, for organisers', async () => {
    const survey = await run('levels survey');
    expect(survey.deps.community.requireOrganiser).toHaveBeenCalledWith(5, 'U0ADA', 'run a levels survey');
    expect(survey.reply).toEqual({ text: expect.stringMatching(/to 12 members/) });
    const levels = await run('levels');
    expect(levels.deps.community.requireOrganiser).toHaveBeenCalledWith(5, 'U0ADA', 'see the levels');
  });
});
