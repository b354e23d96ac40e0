import { GuildNotInChannelError, NotOrganiserError } from '../../../../src/community/community.errors';
import type { Core } from '../../../../src/core';
import { retroRitual } from '../../../../src/rituals/retro';
import { RETRO_HELP, retroCommandHandlers } from '../../../../src/rituals/retro/retro.command';
import * as ids from '../../../../src/rituals/retro/retro.ids';
import type { RetroRecord } from '../../../../src/rituals/retro/retro.summary';
import type { CommandContext } from '../../../../src/slack/kit/command';
import type { SlackKit } from '../../../../src/slack/kit/kit';
import { ADA, CallLog, capturingLogger, commandArgs, TEAM, testKit, TRIGGER } from '../../../support/listener-fakes';
import { NOW, retroListenerDeps, TEST_FORM_SECRET, testForms } from '../../../support/retro-listener-fakes';

/**
 * `/retro` as the ritual registers it (src/rituals/retro/index.ts), over a fake core: what is
 * answered in the ack (help, bad input, a direct message) and what is refused before a form
 * opens. The subcommands that read the retro service are run on their handlers with a fake one.
 */
function registeredRetro(core: Record<string, unknown> = {}) {
  const log = new CallLog();
  const captured = capturingLogger();
  const fakeCore = {
    logger: captured.logger,
    now: () => NOW,
    secret: TEST_FORM_SECRET,
    prisma: {},
    jobs: {},
    messages: {},
    roles: {},
    schedules: {},
    community: { requireCommunity: log.async('community.requireCommunity', { id: 1, name: 'Design' }), requireOrganiser: log.async('community.requireOrganiser'), timeZoneOf: log.async('community.timeZoneOf', 'UTC') },
    directory: { user: log.async('directory.user', { timeZone: 'Europe/Berlin' }) },
    channels: { prepare: log.async('channels.prepare') },
    ...core,
  };
  const { kit, app } = testKit(log, captured.logger);
  retroRitual(fakeCore as unknown as Core).register(kit);
  // Through the kit's one command listener, as Bolt hands it every command.
  const listener = app.command.mock.calls[0]?.[1] as Parameters<SlackKit['command']>[1] | undefined;
  if (!listener || !kit.registered().commands.includes('/retro')) throw new Error('/retro was not registered');
  const run = async (text: string, channelId = 'C0RETRO') => {
    const bolt = commandArgs(log, { command: '/retro', text, channelId });
    await listener(bolt.args);
    return bolt;
  };
  return { log, captured, app, kit, run, core: fakeCore };
}

describe('/retro, as registered', () => {
  it('registers a listener for every action id and form callback id the retro views use', () => {
    const { kit } = registeredRetro();
    const exported = Object.entries(ids).filter(([name, v]) => typeof v === 'string' && /_(ACTION|CALLBACK)$/.test(name));
    const { actions, views } = kit.registered();
    for (const [name, id] of exported) expect(name.endsWith('_ACTION') ? actions : views).toContain(id);
    expect(actions).toHaveLength(new Set(actions).size);
  });

  it('answers `/retro help` in the ack, without the database', async () => {
    const { log, run } = registeredRetro();
    const { ack } = await run('help');
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: RETRO_HELP });
  });

  it.each(['Sprint 1', '', 'actions', 'schedule', 'history 2'])('refuses `/retro %s` in a direct message, in the ack', async (text) => {
    const { log, run } = registeredRetro();
    const { ack } = await run(text, 'D0ADA');
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: 'Run `/retro` in the channel the retro is for, not in a direct message.' });
  });

  it.each([
    ['history x', /`\/retro history &lt;page&gt;`/],
    ['export 12 pdf', /"pdf" is neither/],
    ['schedule weekly', /takes nothing after it/],
  ])('answers `/retro %s` with what was wrong, in the ack', async (text, problem) => {
    const { log, run } = registeredRetro();
    const { ack } = await run(text);
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: expect.stringMatching(problem) });
  });

  it('opens the start form for `/retro`, after the ack, sealed to the person who ran it', async () => {
    const { log, run } = registeredRetro();
    const { ack, client } = await run('');
    expect(log.calls).toEqual(['ack', 'views.open']);
    expect(ack).toHaveBeenCalledWith();
    const opened = client.views.open.mock.calls[0]![0] as { trigger_id: string; view: { callback_id: string; private_metadata: string } };
    expect(opened).toMatchObject({ trigger_id: TRIGGER, view: { callback_id: ids.RETRO_START_CALLBACK } });
    expect(testForms().channel.read(opened.view.private_metadata, ADA)).toEqual({ channelId: 'C0RETRO' });
  });

  it('tells `/retro <title>` when Guild cannot be in the channel, and starts nothing', async () => {
    const { log, run } = registeredRetro({ channels: { prepare: jest.fn(async () => Promise.reject(new GuildNotInChannelError())) } });
    const { ack, respond } = await run('Sprint 1');
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith();
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: new GuildNotInChannelError().message });
  });

  it('refuses `/retro schedule` to a non-organiser before the form opens', async () => {
    const community = { requireCommunity: jest.fn(async () => ({ id: 1 })), requireOrganiser: jest.fn(async () => Promise.reject(new NotOrganiserError('schedule retros'))) };
    const { run } = registeredRetro({ community });
    const { respond, client } = await run('schedule');
    expect(client.views.open).not.toHaveBeenCalled();
    expect(respond).toHaveBeenCalledWith({ response_type: 'ephemeral', text: new NotOrganiserError('schedule retros').message });
    expect(community.requireOrganiser).toHaveBeenCalledWith(1, ADA, 'schedule retros');
  });

  it('opens the schedule form for an organiser, in their Slack time zone, sealed to them', async () => {
    const { log, run } = registeredRetro();
    const { client } = await run('schedule');
    expect(log.calls).toEqual(['ack', 'community.requireCommunity', 'community.requireOrganiser', 'directory.user', 'views.open']);
    const opened = client.views.open.mock.calls[0]![0] as { view: { callback_id: string; private_metadata: string; blocks: unknown[] } };
    expect(opened.view.callback_id).toBe(ids.RETRO_SCHEDULE_CALLBACK);
    expect(JSON.stringify(opened.view.blocks)).toContain('"initial_value":"Europe/Berlin"');
    expect(testForms().channel.read(opened.view.private_metadata, ADA)).toEqual({ channelId: 'C0RETRO' });
  });
});

describe('retroCommandHandlers', () => {
  const context: CommandContext = { actor: { teamId: TEAM, userId: ADA, userName: 'ada' }, channel: { teamId: TEAM, channelId: 'C0RETRO', channelName: 'retro' }, triggerId: TRIGGER };
  const record: RetroRecord = {
    id: 7, title: 'Sprint 12', channelId: 'C0RETRO', formatName: 'Happy / meh / sad', anonymity: 'named', facilitatorId: ADA,
    createdAt: new Date('2026-03-01T10:00:00Z'), closedAt: new Date('2026-03-02T10:00:00Z'), participants: 1,
    columns: [{ key: 'happy', title: 'Happy' }], items: [{ column: 'happy', text: 'Pairing', votes: 1, notes: [] }], actions: [],
  };

  it('starts a retro titled in the command once Guild is in the channel, and says nothing more (the board is the answer)', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    expect(await retroCommandHandlers(deps).start({ kind: 'start', title: 'Sprint 1' }, context)).toEqual({ done: true });
    expect(log.calls).toEqual(['prepareChannel', 'retros.start']);
    expect(retros.start).toHaveBeenCalledWith({ teamId: TEAM, channelId: 'C0RETRO', title: 'Sprint 1', formatId: 'tanzu', anonymity: 'named', startedBy: ADA });
  });

  it('lists the channel\'s open action items and its history', async () => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log);
    const handlers = retroCommandHandlers(deps);
    await handlers.actions({ kind: 'actions' }, context);
    await handlers.history({ kind: 'history', page: 2 }, context);
    expect(retros.openActions).toHaveBeenCalledWith(TEAM, 'C0RETRO');
    expect(retros.history).toHaveBeenCalledWith(TEAM, 'C0RETRO', 2);
  });

  it.each([
    ['markdown', 'retro-7.md', 'Markdown'],
    ['csv', 'retro-7.csv', 'CSV'],
  ] as const)('exports a closed retro as %s to the person by DM', async (as, filename, name) => {
    const log = new CallLog();
    const { deps, retros } = retroListenerDeps(log, { retros: { record: log.async('retros.record', record) } });
    const reply = await retroCommandHandlers(deps).export({ kind: 'export', retroId: 7, as }, context);
    expect(retros.closedRetroIn).toHaveBeenCalledWith(TEAM, 'C0RETRO', 7);
    expect(deps.files.uploadToUser).toHaveBeenCalledWith(ADA, expect.objectContaining({ filename, title: 'Retro: Sprint 12', content: expect.stringContaining('Pairing') }));
    expect(reply).toEqual({ text: `Sent you retro #7 as ${name} in a direct message.` });
  });
});
