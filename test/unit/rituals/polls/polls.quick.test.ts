import { parseDuration, parseQuickPoll, tokenise } from '../../../../src/rituals/polls/polls.quick';

const ok = (text: string) => {
  const parsed = parseQuickPoll(text);
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.problem}`);
  return parsed.command;
};
const problem = (text: string) => {
  const parsed = parseQuickPoll(text);
  if (parsed.ok) throw new Error('expected a problem');
  return parsed.problem;
};

describe('poll quick syntax', () => {
  it('reads the question and options between straight quotes, single choice by default', () => {
    expect(ok('"Lunch?" "Pizza" "Salad"')).toEqual({
      request: { question: 'Lunch?', options: ['Pizza', 'Salad'], kind: 'single', limit: 1, anonymous: false, hideResults: false, membersAddOptions: false },
    });
  });

  it('reads smart quotes, mixed with straight ones, and keeps apostrophes inside', () => {
    expect(ok('\u201CWhat\u2019s next?\u201D \u201CTesting\u201D "Design systems"').request).toMatchObject({ question: 'What\u2019s next?', options: ['Testing', 'Design systems'] });
  });

  it('reads what Slack escaped back as typed', () => {
    expect(ok('"Q &amp; A?" "&lt;none&gt;" "R&amp;D"').request).toMatchObject({ question: 'Q & A?', options: ['<none>', 'R&D'] });
  });

  it('reads the settings among the quotes', () => {
    const { request, opens } = ok('"Topics?" "A" "B" "C" multiple=2 anonymous hidden add-options closes=2d remind=1d');
    expect(request).toMatchObject({ kind: 'multiple', limit: 2, anonymous: true, hideResults: true, membersAddOptions: true, closes: { kind: 'in', minutes: 2880 }, remindMinutes: 1440 });
    expect(opens).toBeUndefined();
    expect(ok('"Q" "A" "B" dots=10 closes=2026-05-01T17:00').request).toMatchObject({ kind: 'dots', limit: 10, closes: { kind: 'at', local: '2026-05-01T17:00' } });
    expect(ok('"Q" "A" "B" "C" ranked').request).toMatchObject({ kind: 'ranked', limit: 3 });
    expect(ok('"Q" "A" "B" opens=2026-05-04T09:00 repeat=weekly closes=2d').opens).toEqual({ local: '2026-05-04T09:00', repeat: 'weekly' });
  });

  it('refuses unbalanced quotes, saying how to write it', () => {
    expect(problem('"Lunch? "Pizza" "Salad"')).toMatch(/quotes do not pair up/);
    expect(problem('\u201CLunch?\u201D \u201CPizza')).toMatch(/quotes do not pair up/);
  });

  it('refuses an empty question, duplicate options and too many options', () => {
    expect(problem('"  " "A" "B"')).toMatch(/question is empty/);
    expect(problem('"Q" "Pizza" "pizza "')).toMatch(/"pizza" is there twice/);
    const many = Array.from({ length: 26 }, (_, i) => `"O${i}"`).join(' ');
    expect(problem(`"Q" ${many}`)).toMatch(/at most 25 options.*has 26/);
    expect(problem('"Q" "Only one"')).toMatch(/at least 2 options/);
  });

  it('refuses k out of range and a dot budget of 0', () => {
    expect(problem('"Q" "A" "B" multiple=5')).toMatch(/out of range.*2 to 2/);
    expect(problem('"Q" "A" "B" dots=0')).toMatch(/budget of 0/);
    expect(problem('"Q" "A" "B" dots=51')).toMatch(/1 to 50/);
    expect(problem('"Q" "A" "B" single=2')).toMatch(/one choice each/);
  });

  it('refuses unknown words, bad times and a reminder without a close', () => {
    expect(problem('"Q" "A" "B" quickly')).toMatch(/I don't know `quickly`/);
    expect(problem('"Q" "A" "B" closes=friday')).toMatch(/closes=2026-05-01T17:00/);
    expect(problem('"Q" "A" "B" remind=1h')).toMatch(/add when it closes/);
    expect(problem('"Q" "A" "B" repeat=weekly')).toMatch(/first opening/);
    expect(problem('"Q" "A" "B" repeat=daily')).toMatch(/weekly/);
    expect(problem('topics please')).toMatch(/between quotes/);
  });

  it('tokenises quoted parts and words, and durations', () => {
    expect(tokenise('"a b" c  "d"')).toEqual([{ quoted: true, text: 'a b' }, { quoted: false, text: 'c' }, { quoted: true, text: 'd' }]);
    expect(tokenise('"open')).toBeUndefined();
    expect(parseDuration('90m')).toBe(90);
    expect(parseDuration('3d')).toBe(4320);
    expect(parseDuration('0h')).toBeUndefined();
    expect(parseDuration('91d')).toBeUndefined();
  });
});
