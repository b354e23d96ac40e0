import { AlreadyMemberError, NotOrganiserError } from '../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../src/community/community.views';
import { PROFILE_CALLBACK_ID } from '../../../src/community/profile.views';
import { RETRO_HELP_ENTRIES } from '../../../src/rituals/retro/retro.command';
import { guildCommandListener, type GuildCommandDeps } from '../../../src/slack/guild-command.listener';
import { ADA, CallLog, capturingLogger, commandArgs, TEAM, TRIGGER } from '../../support/listener-fakes';

/** `/guild`, called directly: help and bad input in the ack; everything else after a bare ack, through the response URL. */
function guild(overrides: { community?: Record<string, unknown>; schedules?: Record<string, unknown> } = {}) {
  const log = new CallLog();
  const captured = capturingLogger();
  const community = {
    setup: log.async('community.setup', { id: 1, name: 'Design' }),
    join: log.async('community.join', { id: 1, name: 'Design' }),
    leave: log.async('community.leave', { id: 1, name: 'Design' }),
    requireCommunity: log.async('community.requireCommunity', { id: 1, name: 'Design' }),
    requireOrganiser: log.async('community.requireOrganiser'),
    ...overrides.community,
  };
  const profile = { form: log.async('profile.form', { timeZone: 'UTC', pinned: false, workdayStart: 540, workdayEnd: 1020, interests: [], interestSuggestions: [] }) };
  const schedules = { pause: log.async('schedules.pause', { id: 3, name: 'Retro: Community retro', kind: 'retro.start', status: 'paused', description: 'weekly', timeZone: 'UTC' }), ...overrides.schedules };
  const deps = {
    community: community as unknown as GuildCommandDeps['community'],
    profile: profile as unknown as GuildCommandDeps['profile'],
    schedules: schedules as unknown as GuildCommandDeps['schedules'],
    logger: captured.logger,
    rituals: [{ topic: 'retro', title: 'Retrospectives', entries: RETRO_HELP_ENTRIES }],
  };
  const listener = guildCommandListener(deps);
  const run = async (text: string) => {
    const bolt = commandArgs(log, { command: '/guild', text });
    await listener(bolt.args);
    return bolt;
  };
  return { log, captured, community, profile, schedules, run };
}

const channel = { teamId: TEAM, channelId: 'C0GUILD', channelName: 'guild' };
const actor = { teamId: TEAM, userId: ADA, userName: 'u0ada' };

describe('guildCommandListener', () => {
  it.each(['', 'help', 'HELP'])('answers `/guild %s` in the ack with every command of every ritual, without the database', async (text) => {
    const { log, run } = guild();
    const { ack } = await run(text);
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral', text: 'Guild commands, by topic: community, retro. `/guild help &lt;topic&gt;` explains one.' }));
    // The card is in the blocks: Guild's commands, then each ritual's under its title, each command's usage.
    const card = JSON.stringify((ack.mock.calls[0] as [{ blocks?: unknown }] | undefined)?.[0].blocks);
    expect(card).toMatch(/"Guild commands"[\s\S]*`\/guild setup \[name\]`[\s\S]*\*Retrospectives\*  `\/guild help retro`/);
    for (const entry of RETRO_HELP_ENTRIES) expect(card).toContain(`\`${entry.usage.replace('<', '&lt;').replace('>', '&gt;')}\``);
  });

  it.each([
    ['retro', 'Retrospectives'],
    ['Retro', 'Retrospectives'],
    ['community', 'Your community'],
    ['organisers', 'Your community'],
    ['help', 'Your community'],
  ])('answers `/guild help %s` in the ack with that topic in full: each command, what it does, an example', async (topic, title) => {
    const { log, run } = guild();
    const { ack } = await run(`help ${topic}`);
    expect(log.calls).toEqual(['ack']);
    const reply = (ack.mock.calls[0] as [{ text: string; blocks: { type: string; text?: { text: string } }[] }])[0];
    expect(reply.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: title } });
    const body = reply.blocks.map((b) => b.text?.text ?? '').join('\n');
    if (title === 'Retrospectives') expect(body).toContain('• `/retro history [page]` — Closed retros of this channel.  _e.g._ `/retro history 2`');
    else expect(body).toContain('_e.g._ `/guild setup Design guild`');
  });

  it('answers help on a topic it does not have with the topics there are', async () => {
    const { log, run } = guild();
    const { ack } = await run('help <!channel>');
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({
      response_type: 'ephemeral',
      text: 'I have no help on "&lt;!channel&gt;". The topics are community, retro: e.g. `/guild help retro`.\n`/guild help` lists every command.',
    });
    const twoWords = (await run('help retro coffee')).ack;
    expect(twoWords).toHaveBeenCalledWith({ response_type: 'ephemeral', text: expect.stringMatching(/^Use `\/guild help` for every command, or `\/guild help &lt;topic&gt;` for one topic/) });
  });

  it('answers a mistyped command in the ack with the problem and one line pointing to the help', async () => {
    const { log, run } = guild();
    const { ack } = await run('dance');
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: "I don't know `/guild dance`.\n`/guild help` lists every command." });
    const wrong = (await run('organisers add ada')).ack;
    expect(wrong).toHaveBeenCalledWith({ response_type: 'ephemeral', text: expect.stringMatching(/^Mention one person with @[^\n]*\n`\/guild help` lists every command\.$/) });
  });

  it('acks `/guild join` at once, then joins, then welcomes through the response URL', async () => {
    const { log, run, community } = guild();
    const { ack, respond } = await run('join');
    expect(log.calls).toEqual(['ack', 'community.join', 'respond']);
    expect(ack).toHaveBeenCalledWith();
    expect(community.join).toHaveBeenCalledWith(channel, actor, [expect.objectContaining({ title: 'Retrospectives' })]); // what the welcome DM says the community runs
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: expect.stringMatching(/^Welcome to \*Design\*!/) });
  });

  it('announces `/guild setup` in the channel', async () => {
    const { run, community } = guild();
    const { respond } = await run('setup Design guild');
    expect(community.setup).toHaveBeenCalledWith(channel, actor, 'Design guild');
    expect(respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'in_channel', text: expect.stringContaining('*Design*') }));
  });

  it('opens the profile form with the command\'s trigger id', async () => {
    const { log, run, profile } = guild();
    const { client, respond } = await run('profile');
    expect(log.calls).toEqual(['ack', 'profile.form', 'views.open']);
    expect(profile.form).toHaveBeenCalledWith(actor, 'C0GUILD');
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: TRIGGER, view: expect.objectContaining({ callback_id: PROFILE_CALLBACK_ID }) });
    expect(respond).not.toHaveBeenCalled();
  });

  it('tells a refusal as it is, after the one ack', async () => {
    const { run } = guild({ community: { join: jest.fn(async () => Promise.reject(new AlreadyMemberError())) } });
    const { ack, respond } = await run('join');
    expect(ack).toHaveBeenCalledTimes(1);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: new AlreadyMemberError().message });
  });

  it('checks the organiser before pausing a schedule, and pauses nothing for anyone else', async () => {
    const { run, schedules, community } = guild({ community: { requireOrganiser: jest.fn(async () => Promise.reject(new NotOrganiserError('pause schedules'))) } });
    const { respond } = await run('schedules pause 3');
    expect(community.requireOrganiser).toHaveBeenCalledWith(1, ADA, 'pause schedules');
    expect(schedules.pause).not.toHaveBeenCalled();
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: new NotOrganiserError('pause schedules').message });
  });

  it('pauses a schedule for an organiser', async () => {
    const { log, run, schedules } = guild();
    await run('schedules pause 3');
    expect(log.calls).toEqual(['ack', 'community.requireCommunity', 'community.requireOrganiser', 'schedules.pause', 'respond']);
    expect(schedules.pause).toHaveBeenCalledWith(1, 3);
  });

  it('apologises for an unexpected failure and logs it with the subcommand', async () => {
    const { run, captured } = guild({ community: { leave: jest.fn(async () => Promise.reject(new Error('connection reset'))) } });
    const { ack, respond } = await run('leave');
    expect(ack).toHaveBeenCalledTimes(1);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: UNEXPECTED_ERROR_TEXT });
    expect(captured.lines).toEqual([expect.objectContaining({ level: 50, command: '/guild', subcommand: 'leave', userId: ADA })]);
  });
});
