import { parseProfile, type ProfileFormInput } from '../../../src/community/profile.schema';

const now = new Date('2026-11-23T12:00:00Z');
const base: ProfileFormInput = { timeZone: { zone: 'Europe/Berlin' }, workdayStart: '09:00', workdayEnd: '17:30', interests: '', levels: {}, mentorTopicIds: [], learnTopicIds: [] };

describe('parseProfile', () => {
  it('accepts a complete profile and normalises it', () => {
    const result = parseProfile(
      { ...base, timeZone: { zone: 'america/new_york' }, chosenInterests: ['Typography', 'pairing'], interests: 'typography,\n  service design ', snoozeUntil: '2026-12-01', levels: { '3': '4', '4': undefined }, mentorTopicIds: ['3'], learnTopicIds: ['5'] },
      { slackTimeZone: 'Europe/Berlin', now },
    );
    expect(result).toEqual({
      ok: true,
      value: {
        timeZone: 'America/New_York',
        workdayStart: 540,
        workdayEnd: 1050,
        interests: ['Typography', 'pairing', 'service design'],
        snoozeUntil: '2026-12-01',
        skills: [
          { topicId: 3, level: 4, canMentor: true, wantsToLearn: false },
          { topicId: 5, level: undefined, canMentor: false, wantsToLearn: true },
        ],
      },
    });
  });

  it('follows Slack when the person chose to, and pins a zone they picked, even Slack\'s own', () => {
    const follow = parseProfile({ ...base, timeZone: { follow: true } }, { slackTimeZone: 'Europe/Berlin', now });
    expect(follow.ok && follow.value.timeZone).toBeUndefined();
    const pinned = parseProfile({ ...base, timeZone: { zone: 'Europe/Berlin' } }, { slackTimeZone: 'Europe/Berlin', now });
    expect(pinned.ok && pinned.value.timeZone).toBe('Europe/Berlin');
  });

  it('asks for a choice when the time zone menu holds nothing Guild wrote', () => {
    const result = parseProfile({ ...base, timeZone: undefined }, { now });
    expect(!result.ok && result.fields.timeZone).toMatch(/Pick your time zone/);
  });

  it('reports each bad field beside it', () => {
    const result = parseProfile(
      {
        ...base,
        timeZone: { zone: 'Europe/Berln' },
        workdayStart: '25:00',
        interests: Array.from({ length: 21 }, (_, i) => `topic ${i}`).join(','),
        snoozeUntil: '2026-11-23',
        levels: { '7': '9' },
        mentorTopicIds: ['2'],
        learnTopicIds: ['2'],
      },
      { now },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual({
      timeZone: expect.stringMatching(/not one I know.*pick it from the list/),
      workdayStart: 'Use a time like 09:00.',
      newInterests: 'Keep at most 20 interests; you have 21.',
      snoozeUntil: expect.stringMatching(/after today/),
      level_7: 'Choose a level from 1 to 5.',
      learnTopics: expect.stringMatching(/not both/),
    });
  });

  it('drops topic ids Guild did not write (an old or forged form) instead of saving or throwing on them', () => {
    const result = parseProfile({ ...base, mentorTopicIds: ['3', 'x1', ''], learnTopicIds: ['-4', '5'], levels: { '3': '2', abc: '4', '1e3': '3' } }, { now });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ skills: [
      { topicId: 3, level: 2, canMentor: true, wantsToLearn: false },
      { topicId: 5, level: undefined, canMentor: false, wantsToLearn: true },
    ] }) });
  });

  it('judges "today" in the person\'s own time zone', () => {
    // 23:30 on the 23rd in UTC is already the 24th in Auckland: the 24th is not in the future there.
    const lateUtc = new Date('2026-11-23T23:30:00Z');
    expect(parseProfile({ ...base, timeZone: { zone: 'Pacific/Auckland' }, snoozeUntil: '2026-11-24' }, { now: lateUtc }).ok).toBe(false);
    expect(parseProfile({ ...base, timeZone: { zone: 'America/Los_Angeles' }, snoozeUntil: '2026-11-24' }, { now: lateUtc }).ok).toBe(true);
  });

  it('limits snoozes to a year and interests to their length', () => {
    const far = parseProfile({ ...base, snoozeUntil: '2028-01-01' }, { now });
    expect(!far.ok && far.fields.snoozeUntil).toMatch(/at most a year/);
    const long = parseProfile({ ...base, interests: 'x'.repeat(51) }, { now });
    expect(!long.ok && long.fields.newInterests).toMatch(/at most 50 characters/);
    const sameHours = parseProfile({ ...base, workdayStart: '10:00', workdayEnd: '10:00' }, { now });
    expect(!sameHours.ok && sameHours.fields.workdayEnd).toMatch(/different time/);
  });
});
