import { z } from 'zod';
import { NotOrganiserError } from '../../../../src/community/community.errors';
import { UnconferenceError } from '../../../../src/rituals/unconference/unconference.errors';
import { onDotsForm, onMoveForm, onPlanForm, onProposeForm } from '../../../../src/rituals/unconference/unconference.forms.listeners';
import { DOTS_BLOCK_PREFIX, INPUT, MOVE_FIELDS, PLAN_FIELDS, PROPOSAL_FIELDS, stepValue, unconferenceValue } from '../../../../src/rituals/unconference/unconference.ids';
import { onDotsClick, onProposeClick, onStepClick, type UnconferenceListenerDeps } from '../../../../src/rituals/unconference/unconference.listeners';
import type { UnconferenceService } from '../../../../src/rituals/unconference/unconference.service';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, buttonArgs, CallLog, input, submissionArgs, testKit } from '../../../support/listener-fakes';

/** The unconference's clicks and forms, called directly: ack first, then the service; problems in the ack or under the message. */
describe('unconference listeners', () => {
  const SECRET = 'unconference-listener-secret';
  const NOW = new Date('2026-12-07T08:00:00Z');
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), SECRET),
    unconference: sealedMetadata(z.object({ unconferenceId: z.number().int() }).strict(), SECRET),
  };
  const u = { id: 3, title: 'Open space', phase: 'proposing', proposalsCloseAt: null, votingClosesAt: null, dotsPerPerson: 3, slotStarts: [new Date('2026-12-10T09:00:00Z')], rooms: [{ name: 'A', capacity: 2 }], timeZone: 'UTC', sessionMinutes: 45 };
  const setup = (log: CallLog, overrides: Record<string, unknown> = {}) => {
    const { kit, messages } = testKit(log);
    const service = {
      unconference: log.async('unconference', u),
      planContext: log.async('planContext', { communityId: 1, timeZone: 'Europe/Berlin' }),
      create: log.async('create', u),
      proposalProblem: log.async('proposalProblem', undefined),
      proposeAs: log.async('proposeAs', { id: 9, title: 'Tokens' }),
      ballot: log.async('ballot', { unconference: u, proposals: [{ id: 9, title: 'Tokens', description: '', level: 'everyone', hostId: ADA, dots: 0 }], mine: new Map() }),
      setDots: log.async('setDots', { used: 2, budget: 3 }),
      openVoting: log.async('openVoting', u),
      publish: log.async('publish', { unconference: u, people: 4 }),
      move: log.async('move', u),
      ...overrides,
    };
    const deps: UnconferenceListenerDeps = { unconferences: service as unknown as UnconferenceService, kit, now: () => NOW, forms };
    return { deps, service, messages };
  };
  const metadata = forms.unconference.write({ unconferenceId: 3 }, ADA);

  it('opens the proposal and dots forms after the ack, and answers an old button as out of date', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const propose = buttonArgs(log, unconferenceValue.encode({ unconferenceId: 3 }), 'unconf_propose_open');
    await onProposeClick(deps)(propose.args);
    const dots = buttonArgs(log, unconferenceValue.encode({ unconferenceId: 3 }), 'unconf_dots_open');
    await onDotsClick(deps)(dots.args);
    expect(log.calls).toEqual(['ack', 'unconference', 'views.open', 'ack', 'ballot', 'views.open']);
    const old = buttonArgs(log, 'nonsense');
    await onDotsClick(deps)(old.args);
    expect(old.respond).toHaveBeenCalledWith(expect.objectContaining({ text: OUT_OF_DATE_TEXT }));
  });

  it('tells a member who presses an organiser\'s button why not, under the message', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { openVoting: log.rejects('openVoting', new NotOrganiserError('open voting')) });
    const click = buttonArgs(log, stepValue.encode({ unconferenceId: 3, step: 'open_voting' }), 'unconf_step_open_voting');
    await onStepClick(deps)(click.args);
    expect(log.calls).toEqual(['ack', 'openVoting', 'respond']);
    expect(click.respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral', text: expect.stringContaining('organiser') }));
    const publish = buttonArgs(log, stepValue.encode({ unconferenceId: 3, step: 'publish' }), 'unconf_step_publish');
    await onStepClick(deps)(publish.args);
    expect(publish.respond).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringContaining('4 people get their own schedule') }));
  });

  it('keeps the plan form open with problems beside their fields, and a stale form as stale', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const stale = submissionArgs(log, { metadata: 'forged', values: {} });
    await onPlanForm(deps)(stale.args);
    expect(stale.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PLAN_FIELDS.title]: STALE_FORM_TEXT } });
    const bad = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: { [PLAN_FIELDS.title]: input.text('Open'), [PLAN_FIELDS.date]: input.date('2026-12-10'), [PLAN_FIELDS.slots]: input.text('10:00'), [PLAN_FIELDS.length]: input.text('45'), [PLAN_FIELDS.rooms]: input.text('A: 0'), [PLAN_FIELDS.dots]: input.text('3') } });
    await onPlanForm(deps)(bad.args);
    expect(bad.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PLAN_FIELDS.rooms]: expect.stringContaining('capacity of 0') } });
    expect(log.calls).not.toContain('create');
  });

  it('refuses a duplicate title in the proposal form before the ack, and stores a good one after it', async () => {
    const log = new CallLog();
    const { deps } = setup(log, { proposalProblem: log.async('proposalProblem', 'A session with this title is already proposed.') });
    const values = { [PROPOSAL_FIELDS.title]: input.text('Tokens'), [PROPOSAL_FIELDS.level]: input.select('everyone') };
    const dup = submissionArgs(log, { metadata, values });
    await onProposeForm(deps)(dup.args);
    expect(dup.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [PROPOSAL_FIELDS.title]: 'A session with this title is already proposed.' } });
    const fine = new CallLog();
    const { deps: ok } = setup(fine);
    await onProposeForm(ok)(submissionArgs(fine, { metadata, values }).args);
    expect(fine.calls).toEqual(['proposalProblem', 'ack', 'proposeAs', 'messages.send']);
  });

  it('refuses dots over the budget in the form, and tells by DM when voting closed meanwhile', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const over = submissionArgs(log, { metadata, values: { [`${DOTS_BLOCK_PREFIX}9`]: input.select('2'), [`${DOTS_BLOCK_PREFIX}10`]: input.select('2') } });
    await onDotsForm(deps)(over.args);
    expect(over.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [`${DOTS_BLOCK_PREFIX}9`]: 'That is 4 dots; you have 3. Take 1 off.' } });
    const late = new CallLog();
    const { deps: closed, messages } = setup(late, { setDots: late.rejects('setDots', new UnconferenceError('Voting is closed for this unconference.')) });
    await onDotsForm(closed)(submissionArgs(late, { metadata, values: { [`${DOTS_BLOCK_PREFIX}9`]: input.select('2') } }).args);
    expect(late.calls).toEqual(['unconference', 'ack', 'setDots', 'messages.send']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: 'Your dots were not saved. Voting is closed for this unconference.' }));
  });

  it('moves a session after the ack, and asks for every field of the move form', async () => {
    const log = new CallLog();
    const { deps } = setup(log);
    const missing = submissionArgs(log, { metadata, values: { [MOVE_FIELDS.session]: input.select('9') } });
    await onMoveForm(deps)(missing.args);
    expect(missing.ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [MOVE_FIELDS.slot]: 'Pick the slot to move it to.', [MOVE_FIELDS.room]: 'Pick the room to move it to.' } });
    const move = new CallLog();
    const { deps: fine, service } = setup(move);
    await onMoveForm(fine)(submissionArgs(move, { metadata, values: { [MOVE_FIELDS.session]: input.select('9'), [MOVE_FIELDS.slot]: input.select('0'), [MOVE_FIELDS.room]: { [INPUT]: { type: 'static_select', selected_option: { value: '0' } } } } }).args);
    expect(move.calls).toEqual(['ack', 'move', 'messages.send']);
    expect(service.move).toHaveBeenCalledWith(3, expect.objectContaining({ userId: ADA }), { topicId: 9, slot: 0, room: 0 });
  });
});
