import { z } from 'zod';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { PulseError } from '../../../../src/rituals/health/pulse.errors';
import { COMMENT_BLOCK, COMMENT_INPUT, roundValue, scoreValue } from '../../../../src/rituals/health/pulse.ids';
import { onCommentClick, onCommentForm, onScorePick, type PulseListenerDeps } from '../../../../src/rituals/health/pulse.listeners';
import type { PulseService } from '../../../../src/rituals/health/pulse.service';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { ephemeral, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import { ADA, buttonArgs, CallLog, input, selectArgs, submissionArgs, testKit } from '../../../support/listener-fakes';

/** The survey's menus, comment button and form, with hand-built Bolt arguments: ack first, once. */
const roundForm = sealedMetadata(z.object({ roundId: z.number().int() }).strict(), 'test-secret');

function deps(log: CallLog, answer: jest.Mock = log.async('pulse.answer')) {
  const { kit, messages } = testKit(log);
  const pulse = { answer, communityName: log.async('pulse.communityName', 'Design') };
  const d: PulseListenerDeps = { pulse: pulse as unknown as PulseService, kit, forms: { round: roundForm } };
  return { deps: d, pulse, messages };
}

describe('onScorePick', () => {
  it('acks, saves the score for its question, and says so', async () => {
    for (const question of ['value', 'safety'] as const) {
      const log = new CallLog();
      const { deps: d, pulse } = deps(log);
      const { args, respond } = selectArgs(log, scoreValue.encode({ roundId: 3, score: 4 }), 'pulse_value');
      await onScorePick(d, question)(args);
      expect(log.calls).toEqual(['ack', 'pulse.answer', 'respond']);
      expect(pulse.answer).toHaveBeenCalledWith(3, ADA, { [question]: 4 });
      expect(respond).toHaveBeenCalledWith(ephemeral('Saved, thank you. You can change it until the next survey.'));
    }
  });

  it.each([['3:6'], ['x'], ['0:1']])('answers %j as out of date without the service', async (value) => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = selectArgs(log, value, 'pulse_value');
    await onScorePick(d, 'value')(args);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });

  it('tells a refusal, and apologises for anything else', async () => {
    for (const [err, text] of [[new PulseError('This pulse survey was not sent to you.'), 'This pulse survey was not sent to you.'], [new Error('boom'), UNEXPECTED_ERROR_TEXT]] as const) {
      const log = new CallLog();
      const { deps: d } = deps(log, log.rejects('pulse.answer', err));
      const { args, respond } = selectArgs(log, scoreValue.encode({ roundId: 3, score: 4 }), 'pulse_value');
      await onScorePick(d, 'value')(args);
      expect(respond).toHaveBeenCalledWith(ephemeral(text));
    }
  });
});

describe('onCommentClick', () => {
  it('acks, then opens the comment form sealed to the person', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, client } = buttonArgs(log, roundValue.encode({ roundId: 3 }));
    await onCommentClick(d)(args);
    expect(log.calls).toEqual(['ack', 'pulse.communityName', 'views.open']);
    const view = (client.views.open.mock.calls[0] as unknown as [{ view: { private_metadata: string } }])[0].view;
    expect(roundForm.read(view.private_metadata, ADA)).toEqual({ roundId: 3 });
    expect(roundForm.read(view.private_metadata, 'U0OTHER')).toBeUndefined();
  });

  it('tells an old button by DM, without opening a form', async () => {
    const log = new CallLog();
    const { deps: d, messages } = deps(log);
    const { args } = buttonArgs(log, 'nonsense');
    await onCommentClick(d)(args);
    expect(log.calls).toEqual(['ack', 'messages.send']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: OUT_OF_DATE_TEXT }));
  });
});

describe('onCommentForm', () => {
  const submit = (log: CallLog, text: string | null, metadata = roundForm.write({ roundId: 3 }, ADA)) => submissionArgs(log, { metadata, values: { [COMMENT_BLOCK]: input.text(text, COMMENT_INPUT) } });

  it('acks, then saves the trimmed comment; an empty one removes it', async () => {
    for (const [text, saved] of [['  More demos ', 'More demos'], ['', null], [null, null]] as const) {
      const log = new CallLog();
      const { deps: d, pulse } = deps(log);
      const { args, ack } = submit(log, text);
      await onCommentForm(d)(args);
      expect(log.calls).toEqual(['ack', 'pulse.answer']);
      expect(ack).toHaveBeenCalledWith();
      expect(pulse.answer).toHaveBeenCalledWith(3, ADA, { comment: saved });
    }
  });

  it('keeps the form open beside the field when too long or stale', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const long = submit(log, 'x'.repeat(1001));
    await onCommentForm(d)(long.args);
    expect(long.ack).toHaveBeenCalledWith(formErrors({ [COMMENT_BLOCK]: 'Keep it to 1000 characters; it has 1001.' }));
    const stale = submit(log, 'hi', roundForm.write({ roundId: 3 }, 'U0OTHER'));
    await onCommentForm(d)(stale.args);
    expect(stale.ack).toHaveBeenCalledWith(formErrors({ [COMMENT_BLOCK]: STALE_FORM_TEXT }));
    expect(log.calls).toEqual(['ack', 'ack']);
  });

  it('tells the person by DM when the comment could not be saved', async () => {
    const log = new CallLog();
    const { deps: d, messages } = deps(log, log.rejects('pulse.answer', new PulseError('You are no longer a member of this community.')));
    await onCommentForm(d)(submit(log, 'hi').args);
    expect(log.calls).toEqual(['ack', 'pulse.answer', 'messages.send']);
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ text: 'Your comment was not saved. You are no longer a member of this community.' }));
  });
});
