import { z } from 'zod';
import { PollsError } from '../../../../src/rituals/polls/polls.errors';
import { dotsValue, POLL_FIELDS, POLL_OPTION_FIELD, pollValue, voteValue } from '../../../../src/rituals/polls/polls.ids';
import { onAddOptionClick, onCloseClick, onDotsMenu, onOptionForm, onPollForm, onVoteClick, type PollsListenerDeps } from '../../../../src/rituals/polls/polls.listeners';
import type { PollsService } from '../../../../src/rituals/polls/polls.service';
import type { CommunityService } from '../../../../src/community/community.service';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { ephemeral, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, buttonArgs, CallLog, input, overflowArgs, submissionArgs, testKit } from '../../../support/listener-fakes';

/**
 * The poll's clicks and forms with hand-built Bolt arguments: each acks first, exactly once; an
 * old or forged value never reaches the service; a refusal is told to the person who clicked.
 */
const forms = {
  channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), 'test-secret'),
  poll: sealedMetadata(z.object({ pollId: z.number().int() }).strict(), 'test-secret'),
};

function deps(log: CallLog, polls: Record<string, jest.Mock> = {}) {
  const { kit, messages } = testKit(log);
  const service = {
    vote: log.async('polls.vote', { kind: 'single', maxChoices: 1, mine: [{ text: 'Tea', weight: 1 }] }),
    close: log.async('polls.close', { id: 3, channelId: 'C1' }),
    poll: log.async('polls.poll', { id: 3, status: 'open', question: 'Tea or coffee?' }),
    create: log.async('polls.create', { id: 3, channelId: 'C1' }),
    addOption: log.async('polls.addOption'),
    ...polls,
  };
  const d: PollsListenerDeps = { polls: service as unknown as PollsService, community: {} as CommunityService, kit, forms };
  return { deps: d, service, messages };
}

describe('onVoteClick', () => {
  it('acks, votes, and tells the voter their vote', async () => {
    const log = new CallLog();
    const { deps: d, service } = deps(log);
    const { args, respond } = buttonArgs(log, voteValue.encode({ pollId: 3, optionId: 9 }));
    await onVoteClick(d)(args);
    expect(log.calls).toEqual(['ack', 'polls.vote', 'respond']);
    expect(service.vote).toHaveBeenCalledWith({ pollId: 3, optionId: 9, userId: ADA, action: 'toggle' });
    expect(respond).toHaveBeenCalledWith(ephemeral('Counted: your vote is *Tea*. Click another option to change it.'));
  });

  it.each([['x'], ['3'], ['3:0'], ['3:9:1'], [undefined]])('answers %j as out of date without the service', async (value) => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = buttonArgs(log, value);
    await onVoteClick(d)(args);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });

  it('tells the voter why a vote was refused', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log, { vote: log.rejects('polls.vote', new PollsError('This poll is closed, so votes are no longer counted.')) });
    const { args, respond } = buttonArgs(log, voteValue.encode({ pollId: 3, optionId: 9 }));
    await onVoteClick(d)(args);
    expect(respond).toHaveBeenCalledWith(ephemeral('This poll is closed, so votes are no longer counted.'));
  });
});

describe('onDotsMenu, onCloseClick, onAddOptionClick', () => {
  it('a dot taken back goes to the service as remove', async () => {
    const log = new CallLog();
    const { deps: d, service } = deps(log);
    const { args } = overflowArgs(log, dotsValue.encode({ direction: 'remove', pollId: 3, optionId: 9 }));
    await onDotsMenu(d)(args);
    expect(log.calls[0]).toBe('ack');
    expect(service.vote).toHaveBeenCalledWith({ pollId: 3, optionId: 9, userId: ADA, action: 'remove' });
  });

  it('closes as the clicker, and says why not when refused', async () => {
    const log = new CallLog();
    const { deps: d, service } = deps(log, { close: log.rejects('polls.close', new PollsError("Only the poll's creator can close it.")) });
    const { args, respond } = buttonArgs(log, pollValue.encode({ pollId: 3 }));
    await onCloseClick(d)(args);
    expect(log.calls).toEqual(['ack', 'polls.close', 'respond']);
    expect(service.close).toHaveBeenCalledWith(3, ADA);
    expect(respond).toHaveBeenCalledWith(ephemeral("Only the poll's creator can close it."));
  });

  it('opens the add-option form sealed to the clicker', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, client } = buttonArgs(log, pollValue.encode({ pollId: 3 }));
    await onAddOptionClick(d)(args);
    expect(log.calls).toEqual(['ack', 'polls.poll', 'views.open']);
    const view = (client.views.open.mock.calls[0] as unknown as [{ view: { private_metadata: string } }])[0].view;
    expect(forms.poll.read(view.private_metadata, ADA)).toEqual({ pollId: 3 });
    expect(forms.poll.read(view.private_metadata, 'U0OTHER')).toBeUndefined();
  });
});

describe('onPollForm and onOptionForm', () => {
  const good = { [POLL_FIELDS.question]: input.text('Tea or coffee?'), [POLL_FIELDS.options]: input.text('Tea\nCoffee') };

  it('makes the poll, then acks and tells the creator by DM', async () => {
    const log = new CallLog();
    const { deps: d, service } = deps(log);
    const { args, ack } = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: good });
    await onPollForm(d)(args);
    expect(log.calls).toEqual(['polls.create', 'ack', 'messages.send']);
    expect(service.create.mock.calls[0]![2]).toMatchObject({ question: 'Tea or coffee?', options: ['Tea', 'Coffee'], kind: 'single' });
    expect(ack).toHaveBeenCalledWith();
  });

  it('keeps the form open with errors beside their fields; a stale form never reaches the service', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log, { create: log.rejects('polls.create', new PollsError('That closing time has passed.', { field: POLL_FIELDS.closeDate })) });
    const bad = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: { ...good, [POLL_FIELDS.options]: input.text('Tea\ntea') } });
    await onPollForm(d)(bad.args);
    expect(bad.ack).toHaveBeenCalledWith(formErrors({ [POLL_FIELDS.options]: expect.stringMatching(/twice/) }));
    const late = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, ADA), values: good });
    await onPollForm(d)(late.args);
    expect(late.ack).toHaveBeenCalledWith(formErrors({ [POLL_FIELDS.closeDate]: 'That closing time has passed.' }));
    const stale = submissionArgs(log, { metadata: forms.channel.write({ channelId: 'C1' }, 'U0OTHER'), values: good });
    await onPollForm(d)(stale.args);
    expect(stale.ack).toHaveBeenCalledWith(formErrors({ [POLL_FIELDS.question]: STALE_FORM_TEXT }));
  });

  it('adds an option, or shows the refusal beside it', async () => {
    const log = new CallLog();
    const { deps: d, service } = deps(log, { addOption: log.rejects('polls.addOption', new PollsError('"Tea" is an option already.')) });
    const { args, ack } = submissionArgs(log, { metadata: forms.poll.write({ pollId: 3 }, ADA), values: { [POLL_OPTION_FIELD]: input.text('tea') } });
    await onOptionForm(d)(args);
    expect(service.addOption).toHaveBeenCalledWith({ pollId: 3, text: 'tea', by: ADA });
    expect(ack).toHaveBeenCalledWith(formErrors({ [POLL_OPTION_FIELD]: '"Tea" is an option already.' }));
  });
});
