import { NotMemberError } from '../../../src/community/community.errors';
import { UNEXPECTED_ERROR_TEXT } from '../../../src/community/community.views';
import type { ProfileService } from '../../../src/community/profile.service';
import { interestValue, PROFILE_FIELDS as F, PROFILE_ZONE_ACTION, profileModal, zoneValue } from '../../../src/community/profile.views';
import { onProfileForm, onZoneOptions } from '../../../src/slack/profile.listener';
import { ADA, CallLog, capturingLogger, input, inputBlockIds, submissionArgs, TEAM, testKit } from '../../support/listener-fakes';

/**
 * The profile form, called directly: checked before the ack (errors beside their fields, the form
 * stays open), acked, then saved; a failed save is told by DM (issue 8, defect 9: it used to save
 * before acking).
 */
type Values = Record<string, Record<string, unknown>>;

const STALE = 'This form is out of date. Close it and run `/guild profile` again.';
const modal = profileModal({
  timeZone: 'Europe/Berlin', pinned: false, slackTimeZone: 'Europe/Berlin', workdayStart: 540, workdayEnd: 1020, interests: [], interestSuggestions: ['a11y', 'pairing'],
  community: { id: 4, name: 'Design', topics: [{ id: 1, name: 'Accessibility', canMentor: false, wantsToLearn: false }, { id: 2, name: 'Design systems', canMentor: false, wantsToLearn: false }] },
});

const values = (overrides: Values = {}): Values => ({
  [F.timeZone]: input.select(zoneValue.encode({ zone: 'Europe/Lisbon' }), PROFILE_ZONE_ACTION),
  [F.workdayStart]: input.time('09:00'),
  [F.workdayEnd]: input.time('17:30'),
  [F.interests]: input.choices([interestValue.encode('a11y'), 'forged']),
  [F.newInterests]: input.text('typography\nA11Y'),
  [F.snoozeUntil]: input.date(null),
  [F.mentorTopics]: input.choices(['1']),
  [F.learnTopics]: input.choices(['2']),
  level_1: input.select('4'),
  ...overrides,
});

function submit(formValues: Values, options: { metadata?: string; save?: ProfileService['save'] } = {}) {
  const log = new CallLog();
  const captured = capturingLogger();
  const { kit, messages } = testKit(log, captured.logger);
  const profile = { save: options.save ? jest.fn(async (...a: Parameters<ProfileService['save']>) => (log.calls.push('profile.save'), options.save!(...a))) : log.async('profile.save', { saved: true }) };
  const { args, ack } = submissionArgs(log, { metadata: options.metadata ?? JSON.stringify({ communityId: 4, slackTimeZone: 'Europe/Berlin' }), values: formValues });
  const run = () => onProfileForm({ profile: profile as unknown as ProfileService, kit })(args);
  return { log, captured, messages, profile, ack, run };
}

describe('onProfileForm', () => {
  it('acks with nothing, then saves what was typed for the person, in the form\'s community, and re-renders the Home', async () => {
    const { log, ack, run, profile } = submit(values());
    await run();
    expect(log.calls).toEqual(['ack', 'profile.save', 'publishHome']);
    expect(ack).toHaveBeenCalledWith();
    expect(profile.save).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA, userName: 'u0ada' }, 'V0FORM', {
      timeZone: 'Europe/Lisbon',
      workdayStart: 540,
      workdayEnd: 1050,
      interests: ['a11y', 'typography'],
      snoozeUntil: undefined,
      skills: [{ topicId: 1, level: 4, canMentor: true, wantsToLearn: false }, { topicId: 2, level: undefined, canMentor: false, wantsToLearn: true }],
    }, 4);
  });

  it.each([
    ['not JSON', 'not json {'],
    ['a community id that is not a number', JSON.stringify({ communityId: '4' })],
    ['a negative community id', JSON.stringify({ communityId: -4 })],
  ])('refuses metadata that is %s in the ack, and logs it', async (_, metadata) => {
    const { log, ack, run, captured } = submit(values(), { metadata });
    await run();
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [F.timeZone]: STALE } });
    expect(captured.lines).toEqual([expect.objectContaining({ level: 40, viewId: 'V0FORM', msg: 'profile form without valid metadata' })]);
  });

  it.each([
    ['an unknown time zone', { [F.timeZone]: input.select(zoneValue.encode({ zone: 'Mars/Olympus' }), PROFILE_ZONE_ACTION) }, F.timeZone],
    ['a time zone value Guild did not write', { [F.timeZone]: input.select('Europe/Lisbon', PROFILE_ZONE_ACTION) }, F.timeZone],
    ['a working day that ends when it starts', { [F.workdayEnd]: input.time('09:00') }, F.workdayEnd],
    ['21 interests', { [F.newInterests]: input.text(Array.from({ length: 21 }, (_, i) => `topic ${i}`).join(',')) }, F.newInterests],
    ['a snooze date in the past', { [F.snoozeUntil]: input.date('2000-01-01') }, F.snoozeUntil],
    ['a topic to mentor and to learn at once', { [F.learnTopics]: input.choices(['1']) }, F.learnTopics],
    ['a level outside 1 to 5', { level_1: input.select('9') }, 'level_1'],
  ])('keeps the form open on %s, with the error beside its field, without saving', async (_, overrides, field) => {
    const { log, ack, run } = submit(values(overrides));
    await run();
    expect(log.calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { [field]: expect.any(String) } });
    expect(inputBlockIds(modal)).toContain(field);
  });

  it('tells a refused save by DM after the one ack', async () => {
    const { log, ack, run, messages } = submit(values(), { save: async () => Promise.reject(new NotMemberError()) });
    await run();
    expect(log.calls).toEqual(['ack', 'profile.save', 'messages.send']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith({ key: 'profile:save-failed:V0FORM', to: { users: [ADA] }, text: `Your profile was not saved. ${new NotMemberError().message}` });
  });

  it('tells an unexpected failure by DM with the apology, and logs it', async () => {
    const { ack, run, messages, captured } = submit(values(), { save: async () => Promise.reject(new Error('connection reset')) });
    await run();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(messages.send).toHaveBeenCalledWith({ key: 'profile:save-failed:V0FORM', to: { users: [ADA] }, text: `Your profile was not saved. ${UNEXPECTED_ERROR_TEXT}` });
    expect(captured.lines).toEqual([expect.objectContaining({ level: 50, userId: ADA, viewId: 'V0FORM' })]);
  });
});

describe('onZoneOptions', () => {
  const ask = async (value: string, metadata: string | undefined) => {
    const ack = jest.fn(async (_: unknown) => undefined);
    const body = { type: 'block_suggestion', value, action_id: PROFILE_ZONE_ACTION, view: metadata === undefined ? undefined : { private_metadata: metadata } };
    await onZoneOptions()({ ack, body, payload: body } as unknown as Parameters<ReturnType<typeof onZoneOptions>>[0]);
    return (ack.mock.calls[0]?.[0] as { options: { text: { text: string }; value: string }[] }).options;
  };

  it('offers Slack\'s zone first, named as the person knows it, then the zones found', async () => {
    const options = await ask('', JSON.stringify({ slackTimeZone: 'America/New_York' }));
    expect(options[0]?.text.text).toMatch(/^Use my Slack time zone \(New York, UTC−[45]\)$/);
    expect(options[0]?.value).toBe('slack');
    expect(options.length).toBeGreaterThan(20);
    expect(options.length).toBeLessThanOrEqual(100);
    const berlin = await ask('berlin', JSON.stringify({}));
    expect(berlin[0]?.value).toBe('zone:Europe/Berlin');
    expect(berlin.some((o) => o.value === 'slack')).toBe(false);
  });

  it('answers a form without readable metadata too', async () => {
    expect((await ask('', 'not json'))[0]?.text.text).toBe('Use my Slack time zone (UTC until Slack tells us yours)');
    expect((await ask('+5:30', undefined)).map((o) => o.value)).toContain('zone:Asia/Calcutta');
  });
});
