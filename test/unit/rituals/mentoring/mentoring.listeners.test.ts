import { GuildError } from '../../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../../src/community/community.views';
import { levelValue, matchValue, MENTOR_DECLINE_CALLBACK, REASON_BLOCK } from '../../../../src/rituals/mentoring/mentoring.ids';
import { answerText, onAcceptClick, onLevelPick, onReasonClick, onReasonForm, type MentoringListenerDeps } from '../../../../src/rituals/mentoring/mentoring.listeners';
import type { LevelsService } from '../../../../src/rituals/mentoring/mentoring.levels';
import type { MentoringService } from '../../../../src/rituals/mentoring/mentoring.service';
import { sealedMetadata } from '../../../../src/slack/kit/metadata';
import { ephemeral, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../../../src/slack/kit/replies';
import { z } from 'zod';
import { ADA, buttonArgs, CallLog, capturingLogger, input, selectArgs, submissionArgs, TEAM, testKit, TRIGGER } from '../../../support/listener-fakes';

/**
 * Mentoring's clicks and forms, called with hand-built Bolt arguments: each acks first, exactly
 * once; an old or forged value never reaches the service; a refusal is told to the person.
 */

const matchForm = sealedMetadata(z.object({ matchId: z.number().int() }).strict(), 'test-secret');

function deps(log: CallLog, overrides: { answer?: jest.Mock; end?: jest.Mock; match?: jest.Mock; saveLevel?: jest.Mock } = {}) {
  const { kit, messages } = testKit(log);
  const mentoring = {
    answer: overrides.answer ?? log.async('mentoring.answer', { kind: 'accepted', started: false, otherId: 'U0GRACE' }),
    end: overrides.end ?? log.async('mentoring.end', { otherId: 'U0GRACE' }),
    match: overrides.match ?? log.async('mentoring.match', { mentorId: 'U0GRACE', menteeId: ADA }),
  };
  const levels = { saveLevel: overrides.saveLevel ?? log.async('levels.saveLevel', { topic: 'Kotlin' }) };
  const d: MentoringListenerDeps = { mentoring: mentoring as unknown as MentoringService, levels: levels as unknown as LevelsService, kit, forms: { match: matchForm } };
  return { deps: d, mentoring, levels, messages };
}

describe('onAcceptClick', () => {
  it('acks, answers through the service, and tells the person', async () => {
    const log = new CallLog();
    const { deps: d, mentoring } = deps(log);
    const { args, respond } = buttonArgs(log, matchValue.encode({ matchId: 4 }));
    await onAcceptClick(d)(args);
    expect(log.calls).toEqual(['ack', 'mentoring.answer', 'respond']);
    expect(mentoring.answer).toHaveBeenCalledWith(4, ADA, 'accept');
    expect(respond).toHaveBeenCalledWith(ephemeral('Accepted. Guild will tell you when <@U0GRACE> answers.'));
  });

  it.each([['x'], ['0'], ['4:4'], [undefined]])('answers %j as out of date without the service', async (value) => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = buttonArgs(log, value);
    await onAcceptClick(d)(args);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });

  it('tells a refusal, and apologises for anything else', async () => {
    for (const [err, text] of [[new GuildError('This mentorship has ended.'), 'This mentorship has ended.'], [new Error('boom'), UNEXPECTED_ERROR_TEXT]] as const) {
      const log = new CallLog();
      const { deps: d } = deps(log, { answer: log.rejects('mentoring.answer', err) });
      const { args, respond } = buttonArgs(log, matchValue.encode({ matchId: 4 }));
      await onAcceptClick(d)(args);
      expect(log.calls).toEqual(['ack', 'mentoring.answer', 'respond']);
      expect(respond).toHaveBeenCalledWith(ephemeral(text));
    }
  });

  it('says clearly when the other side declined already', () => {
    expect(answerText({ kind: 'other-declined', otherId: 'U0GRACE' })).toBe('<@U0GRACE> has already declined this match, so it will not go ahead. Guild will look for another match.');
  });
});

describe.each(['decline', 'end'] as const)('onReasonClick (%s)', (form) => {
  it('acks, then opens the reason form sealed to the person', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, client } = buttonArgs(log, matchValue.encode({ matchId: 4 }));
    await onReasonClick(d, form)(args);
    expect(log.calls).toEqual(['ack', 'mentoring.match', 'views.open']);
    const view = (client.views.open.mock.calls[0] as unknown as [{ trigger_id: string; view: { private_metadata: string; blocks: unknown[] } }])[0];
    expect(view.trigger_id).toBe(TRIGGER);
    expect(matchForm.read(view.view.private_metadata, ADA)).toEqual({ matchId: 4 });
    expect(JSON.stringify(view.view.blocks)).toContain('<@U0GRACE>');
  });

  it('tells a forged value and a refusal by DM (the Home has no response URL)', async () => {
    const log = new CallLog();
    const { deps: d, messages } = deps(log, { match: log.rejects('mentoring.match', new GuildError('That mentor match is no longer there.')) });
    await onReasonClick(d, form)(buttonArgs(log, 'forged').args);
    await onReasonClick(d, form)(buttonArgs(log, matchValue.encode({ matchId: 4 })).args);
    expect(log.calls).toEqual(['ack', 'messages.send', 'ack', 'mentoring.match', 'messages.send']);
    expect(messages.send.mock.calls.map((c) => (c as unknown as [{ text: string }])[0].text)).toEqual([OUT_OF_DATE_TEXT, 'That mentor match is no longer there.']);
  });
});

describe.each(['decline', 'end'] as const)('onReasonForm (%s)', (form) => {
  const submit = (log: CallLog, metadata: string | undefined, reason: string | null) =>
    submissionArgs(log, { metadata, values: { [REASON_BLOCK]: input.text(reason) }, callbackId: MENTOR_DECLINE_CALLBACK });

  it('closes the form, then makes the change with the reason, then re-renders the Home', async () => {
    const log = new CallLog();
    const { deps: d, mentoring } = deps(log);
    const { args, ack } = submit(log, matchForm.write({ matchId: 4 }, ADA), ' too busy ');
    await onReasonForm(d, form)(args);
    expect(ack).toHaveBeenCalledWith();
    if (form === 'decline') expect(mentoring.answer).toHaveBeenCalledWith(4, ADA, 'decline', 'too busy');
    else expect(mentoring.end).toHaveBeenCalledWith(4, ADA, 'too busy');
    expect(log.calls).toEqual(['ack', form === 'decline' ? 'mentoring.answer' : 'mentoring.end', 'publishHome']);
    expect(d.kit.deps.publishHome).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA, userName: 'u0ada' }, (args as unknown as { client: unknown }).client);
  });

  it('does not tell the change as failed when only the Home could not be re-rendered: it logs that', async () => {
    const log = new CallLog();
    const captured = capturingLogger();
    const { kit, messages } = testKit(log, captured.logger, log.rejects('publishHome', new Error('views.publish: internal_error')));
    const { deps: d } = deps(log);
    await onReasonForm({ ...d, kit }, form)(submit(log, matchForm.write({ matchId: 4 }, ADA), null).args);
    expect(log.calls).toEqual(['ack', form === 'decline' ? 'mentoring.answer' : 'mentoring.end', 'publishHome']);
    expect(messages.send).not.toHaveBeenCalled();
    expect(captured.lines).toEqual([expect.objectContaining({ level: 40, userId: ADA, msg: 'the App Home was not refreshed' })]);
  });

  it('keeps the form open on a stale context or a reason too long, without the service', async () => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const stale = submit(log, matchForm.write({ matchId: 4 }, 'U0SOMEONE'), null);
    await onReasonForm(d, form)(stale.args);
    expect(stale.ack).toHaveBeenCalledWith(formErrors({ [REASON_BLOCK]: STALE_FORM_TEXT }));
    const long = submit(log, matchForm.write({ matchId: 4 }, ADA), 'x'.repeat(501));
    await onReasonForm(d, form)(long.args);
    expect(long.ack).toHaveBeenCalledWith(formErrors({ [REASON_BLOCK]: 'Keep the reason to 500 characters; it has 501.' }));
    expect(log.calls).toEqual(['ack', 'ack']);
  });

  it('tells a failure after the ack by DM, and leaves the Home as it was', async () => {
    const log = new CallLog();
    const failing = log.rejects('service', new GuildError('This mentorship has ended already.'));
    const { deps: d, messages } = deps(log, { answer: failing, end: failing });
    await onReasonForm(d, form)(submit(log, matchForm.write({ matchId: 4 }, ADA), null).args);
    expect(log.calls).toEqual(['ack', 'service', 'messages.send']);
    expect((messages.send.mock.calls[0] as unknown as [{ text: string }])[0].text).toBe('That did not go through. This mentorship has ended already.');
  });
});

describe('onReasonForm after the other side declined', () => {
  const submitDecline = (log: CallLog, metadata: string, reason: string | null) => submissionArgs(log, { metadata, values: { [REASON_BLOCK]: input.text(reason) }, callbackId: MENTOR_DECLINE_CALLBACK });

  it('tells a decline that came after the other side\'s', async () => {
    const log = new CallLog();
    const { deps: d, messages } = deps(log, { answer: log.async('mentoring.answer', { kind: 'other-declined', otherId: 'U0GRACE' }) });
    await onReasonForm(d, 'decline')(submitDecline(log, matchForm.write({ matchId: 4 }, ADA), null).args);
    expect(log.calls).toEqual(['ack', 'mentoring.answer', 'messages.send', 'publishHome']);
    expect((messages.send.mock.calls[0] as unknown as [{ text: string }])[0].text).toMatch(/<@U0GRACE> has already declined this match/);
  });
});

describe('onLevelPick', () => {
  it('acks, saves the level and confirms', async () => {
    const log = new CallLog();
    const { deps: d, levels } = deps(log);
    const { args, respond } = selectArgs(log, levelValue.encode({ topicId: 3, level: 4 }), 'mentoring_level_pick');
    await onLevelPick(d)(args as never);
    expect(log.calls).toEqual(['ack', 'levels.saveLevel', 'respond']);
    expect(levels.saveLevel).toHaveBeenCalledWith(ADA, 3, 4);
    expect(respond).toHaveBeenCalledWith(ephemeral('Saved: *Kotlin*, level 4.'));
  });

  it.each([['3:9'], ['x:1'], ['3']])('answers the forged value %j as out of date', async (value) => {
    const log = new CallLog();
    const { deps: d } = deps(log);
    const { args, respond } = selectArgs(log, value, 'mentoring_level_pick');
    await onLevelPick(d)(args as never);
    expect(log.calls).toEqual(['ack', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
  });
});
