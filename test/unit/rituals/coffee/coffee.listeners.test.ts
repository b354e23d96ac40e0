import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { z } from 'zod';
import { NotOrganiserError } from '../../../../src/community/community.errors';
import { onSettingsForm, onSwapForm } from '../../../../src/rituals/coffee/coffee.forms.listeners';
import { answerValue, COFFEE_FIELDS as F, communityValue, roundValue } from '../../../../src/rituals/coffee/coffee.ids';
import type { CoffeeListenerDeps } from '../../../../src/rituals/coffee/coffee.listener-deps';
import { onAnswerClick, onOptOutClick, onSnoozeClick, onSwapClick } from '../../../../src/rituals/coffee/coffee.listeners';
import type { CoffeeService } from '../../../../src/rituals/coffee/coffee.service';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import type { Logger } from 'pino';
import { ADA, ALAN, buttonArgs, CallLog, capturingLogger, input, onTheHome, submissionArgs, testKit, TRIGGER } from '../../../support/listener-fakes';

/** Coffee's clicks and forms, called directly: ack first, then one service call; problems in the ack. */
describe('coffee listeners', () => {
  const SECRET = 'coffee-listener-secret';
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), SECRET),
    round: sealedMetadata(z.object({ roundId: z.number().int(), channelId: z.string() }).strict(), SECRET),
  };
  const setup = (log: CallLog, overrides: Record<string, unknown> = {}, logger?: Logger) => {
    const { kit, messages } = testKit(log, logger);
    const rounds = { answer: log.async('rounds.answer', 'recorded') };
    const coffee = {
      rounds,
      snooze: log.async('coffee.snooze', new Date('2026-12-29T00:00:00Z')),
      optOut: log.async('coffee.optOut'),
      saveSettings: log.async('coffee.saveSettings', { community: { id: 1, name: 'Design' }, nextRound: '2026-12-07' }),
      draftGroups: log.async('coffee.draftGroups', [['U0A', 'U0B'], ['U0C', 'U0D']]),
      swap: log.async('coffee.swap', []),
      ...overrides,
    };
    const deps: CoffeeListenerDeps = { coffee: coffee as unknown as CoffeeService, kit, forms };
    return { deps, coffee, messages };
  };

  it('records an answer after the ack, and refuses someone outside the group ephemerally', async () => {
    const log = new CallLog();
    const { deps } = setup(log, {});
    const click = buttonArgs(log, answerValue.encode({ groupId: 4, answer: 'met' }));
    await onAnswerClick(deps)(click.args);
    expect(log.calls).toEqual(['ack', 'rounds.answer']);
    const outsider = new CallLog();
    const { deps: outsiderDeps } = setup(outsider);
    (outsiderDeps.coffee.rounds.answer as jest.Mock).mockResolvedValue('not-member');
    const other = buttonArgs(outsider, answerValue.encode({ groupId: 4, answer: 'met' }), 'coffee_answer_met', ALAN);
    await onAnswerClick(outsiderDeps)(other.args);
    expect(other.respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral', text: 'This follow-up is for the members of this group.' }));
  });

  it('answers a forged or old button as out of date without the service', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const click = buttonArgs(log, 'nonsense');
    await onAnswerClick(deps)(click.args);
    await onSnoozeClick(deps)(buttonArgs(log, undefined).args);
    expect(log.calls).toEqual(['ack', 'respond', 'ack', 'respond']);
    expect(click.respond).toHaveBeenCalledWith(expect.objectContaining({ text: OUT_OF_DATE_TEXT }));
  });

  it('snoozes and opts out from the intro, answering only the person who clicked', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const snooze = buttonArgs(log, communityValue.encode({ communityId: 1 }));
    await onSnoozeClick(deps)(snooze.args);
    const optOut = buttonArgs(log, communityValue.encode({ communityId: 1 }));
    await onOptOutClick(deps)(optOut.args);
    expect(log.calls).toEqual(['ack', 'coffee.snooze', 'respond', 'ack', 'coffee.optOut', 'respond']);
    expect(snooze.respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/^Snoozed until/) }));
  });

  it('republishes the Home with its coffee section changed after a click there', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { home: log.async('coffee.home', [{ communityId: 1, name: 'Design', optedIn: true, paused: false, snoozedUntil: new Date('2026-12-29T00:00:00Z') }]) });
    const click = buttonArgs(log, communityValue.encode({ communityId: 1 }));
    const body = click.args.body as unknown as Record<string, unknown>;
    body.container = { type: 'view', view_id: 'V0HOME' };
    body.view = { type: 'home', id: 'V0HOME', hash: 'h1', blocks: [{ type: 'section', block_id: 'b0', text: { type: 'mrkdwn', text: 'Profile' } }] };
    await onSnoozeClick(deps)(click.args);
    expect(log.calls).toEqual(['ack', 'coffee.snooze', 'coffee.home', 'views.publish']);
    const published = (click.client.views.publish as jest.Mock).mock.calls[0]![0];
    expect(published).toMatchObject({ user_id: ADA, hash: 'h1', view: { type: 'home' } });
    expect(JSON.stringify(published.view.blocks)).toMatch(/Profile.*snoozed until/);
  });

  describe('"We met" beside the latest group on the Home', () => {
    const PROFILE = { type: 'section', block_id: 'b0', text: { type: 'mrkdwn', text: 'Profile' } };
    const group = { groupId: 4, date: '2026-12-07', others: [ALAN] };
    const homeClick = (log: CallLog, value: string) => onTheHome(buttonArgs(log, value, 'coffee_answer_met'), [PROFILE], 'h2');
    const met = answerValue.encode({ groupId: 4, answer: 'met' });
    const entries = (answer?: 'met') => [{ communityId: 1, name: 'Design', optedIn: true, paused: false, group: { ...group, ...(answer ? { answer } : {}) } }];
    const dialog = (client: { views: { open: jest.Mock } }) => client.views.open.mock.calls[0]![0] as { trigger_id: string; view: { blocks: unknown } };

    it('acks, records the answer, then republishes the Home with the coffee section showing it, and no button', async () => {
      const log = new CallLog();
      const { deps, coffee } = setup(log, { home: log.async('coffee.home', entries('met')) });
      const { args, ack, client } = homeClick(log, met);
      await onAnswerClick(deps)(args);
      expect(log.calls).toEqual(['ack', 'rounds.answer', 'coffee.home', 'views.publish']);
      expect(ack).toHaveBeenCalledWith();
      expect(coffee.rounds.answer).toHaveBeenCalledWith(4, ADA, 'met');
      const published = (client.views.publish as jest.Mock).mock.calls[0]![0];
      expect(published).toMatchObject({ user_id: ADA, hash: 'h2', view: { type: 'home' } });
      const text = JSON.stringify(published.view.blocks);
      expect(text).toMatch(/Profile.*Your group of 2026-12-07: <@U0ALAN> · you met/);
      expect(text).not.toContain('We met');
    });

    it.each([['nonsense'], [''], ['4'], ['4:met:1'], ['0:met'], ['4:maybe']])('answers the value %j as out of date in a dialog (the Home has no response URL), without the service', async (value) => {
      const log = new CallLog();
      const { deps } = setup(log);
      const { args, client } = homeClick(log, value);
      await onAnswerClick(deps)(args);
      expect(log.calls).toEqual(['ack', 'views.open']);
      expect(dialog(client).trigger_id).toBe(TRIGGER);
      expect(JSON.stringify(dialog(client).view.blocks)).toContain(OUT_OF_DATE_TEXT);
    });

    it('tells someone outside the group in a dialog, and leaves the Home as it was', async () => {
      const log = new CallLog();
      const { deps } = setup(log, { rounds: { answer: log.async('rounds.answer', 'not-member') } });
      const { args, client } = homeClick(log, met);
      await onAnswerClick(deps)(args);
      expect(log.calls).toEqual(['ack', 'rounds.answer', 'views.open']);
      expect(JSON.stringify(dialog(client).view.blocks)).toContain('This follow-up is for the members of this group.');
    });

    it('tells a failure to record it by DM, and logs it with the group', async () => {
      const log = new CallLog();
      const captured = capturingLogger();
      const { deps, messages } = setup(log, { rounds: { answer: log.rejects('rounds.answer', new Error('connection reset')) } }, captured.logger);
      await onAnswerClick(deps)(homeClick(log, met).args);
      expect(log.calls).toEqual(['ack', 'rounds.answer', 'messages.send']);
      expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: UNEXPECTED_ERROR_TEXT }));
      expect(captured.lines.filter((l) => l.level >= 50)).toEqual([expect.objectContaining({ groupId: 4, userId: ADA })]);
    });

    it('does not tell a recorded answer as failed when only the Home could not be refreshed: it logs that', async () => {
      const log = new CallLog();
      const captured = capturingLogger();
      const { deps, messages } = setup(log, { home: log.rejects('coffee.home', new Error('connection reset')) }, captured.logger);
      await onAnswerClick(deps)(homeClick(log, met).args);
      expect(log.calls).toEqual(['ack', 'rounds.answer', 'coffee.home']);
      expect(messages.send).not.toHaveBeenCalled();
      expect(captured.lines).toEqual([expect.objectContaining({ level: 40, userId: ADA, msg: 'the App Home was not refreshed' })]);
    });
  });

  it('tells a failure after the ack by DM', async () => {
    const log = new CallLog();
    const { deps, messages } = setup(log, { optOut: new CallLog().rejects('coffee.optOut', new NotOrganiserError('x')) });
    await onOptOutClick(deps)(buttonArgs(log, communityValue.encode({ communityId: 1 })).args);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: expect.stringMatching(/Only this community's organisers/) }));
  });

  it('opens the swap form for a draft round', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const click = buttonArgs(log, roundValue.encode({ roundId: 5 }));
    await onSwapClick(deps)(click.args);
    expect(log.calls).toEqual(['ack', 'coffee.draftGroups', 'views.open']);
  });

  const settingsValues = (size: string, overrides: Record<string, Record<string, unknown>> = {}) => ({
    [F.size]: input.select(size),
    [F.cadence]: input.select('weekly'),
    [F.everyWeeks]: input.text('1'),
    [F.nth]: input.select('1'),
    [F.weekday]: input.select('mo'),
    [F.time]: input.time('09:00'),
    [F.windowWeeks]: input.text('12'),
    [F.grouping]: input.select('none'),
    [F.groupingField]: input.select('interest'),
    [F.followUpDays]: input.text('3'),
    ...overrides,
  });
  const channelForm = (userId = ADA) => forms.channel.write({ channelId: 'C0DESIGN' }, userId);

  it.each([
    ['1', {}, F.size, 'Groups have 2 to 8 people.'],
    ['9', {}, F.size, 'Groups have 2 to 8 people.'],
    ['2', { [F.followUpDays]: input.text('abc') }, F.followUpDays, 'The follow-up comes 1 to 14 days after the intro.'],
    ['2', { [F.everyWeeks]: input.text('0') }, F.everyWeeks, 'Rounds repeat every 1 to 12 weeks.'],
  ])('keeps the settings form open with size %p and the problem beside its field', async (size, overrides, field, problem) => {
    const log = new CallLog();
    const { deps } = setup(log);
    const submitted = submissionArgs(log, { metadata: channelForm(), values: settingsValues(size, overrides) });
    await onSettingsForm(deps)(submitted.args);
    expect(log.calls).toEqual(['ack']);
    expect(submitted.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [field]: problem } });
  });

  it("answers a stale or someone else's form in the ack", async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const submitted = submissionArgs(log, { metadata: channelForm(ALAN), values: settingsValues('2') });
    await onSettingsForm(deps)(submitted.args);
    expect(submitted.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.size]: STALE_FORM_TEXT } });
    expect(log.calls).toEqual(['ack']);
  });

  it('saves valid settings after the ack and tells the organiser; a non-organiser hears why by DM', async () => {
    const log = new CallLog();
    const { deps, messages } = setup(log);
    await onSettingsForm(deps)(submissionArgs(log, { metadata: channelForm(), values: settingsValues('3') }).args);
    expect(log.calls).toEqual(['ack', 'coffee.saveSettings', 'messages.send']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringMatching(/first round is on 2026-12-07/) }));
    const refused = new CallLog();
    const other = setup(refused, { saveSettings: refused.rejects('coffee.saveSettings', new NotOrganiserError('change the coffee settings')) });
    await onSettingsForm(other.deps)(submissionArgs(refused, { metadata: channelForm(), values: settingsValues('3') }).args);
    expect(other.messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringMatching(/were not saved. Only this community's organisers can change the coffee settings/) }));
  });

  it('checks a swap before the ack: two people of different groups', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const metadata = forms.round.write({ roundId: 5, channelId: 'C0DESIGN' }, ADA);
    const same = submissionArgs(log, { metadata, values: { [F.first]: input.user('U0A'), [F.second]: input.user('U0B') } });
    await onSwapForm(deps)(same.args);
    expect(same.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.second]: expect.stringMatching(/same group/) } });
    const fine = submissionArgs(log, { metadata, values: { [F.first]: input.user('U0A'), [F.second]: input.user('U0C') } });
    await onSwapForm(deps)(fine.args);
    expect(log.calls).toEqual(['coffee.draftGroups', 'ack', 'coffee.draftGroups', 'ack', 'coffee.swap', 'messages.send']);
  });
});
