import { blockProblems, loneSurrogateIndex, slackLength, truncateChars } from '../../../src/sandbox';

const EMOJI = '\u{1F389}'; // two UTF-16 units, one character for Slack

describe('characters as Slack counts them', () => {
  it('counts an emoji once, not as its two UTF-16 units', () => {
    expect(EMOJI.length).toBe(2);
    expect(slackLength(EMOJI.repeat(150))).toBe(150);
    expect(slackLength('abc')).toBe(3);
  });

  it('truncates without splitting a surrogate pair', () => {
    const cut = truncateChars(`ab${EMOJI}${EMOJI}`, 3);
    expect(cut).toBe(`ab${EMOJI}`);
    expect(loneSurrogateIndex(cut)).toBe(-1);
    expect(truncateChars('short', 10)).toBe('short');
  });

  it('finds lone surrogates, high or low, and accepts pairs', () => {
    expect(loneSurrogateIndex(`ok ${EMOJI}`)).toBe(-1);
    expect(loneSurrogateIndex(`cut ${EMOJI.slice(0, 1)}`)).toBe(4);
    expect(loneSurrogateIndex(`${EMOJI.slice(1)} low first`)).toBe(0);
  });
});

describe('Block Kit limits, in characters', () => {
  const header = (text: string) => [{ type: 'header', text: { type: 'plain_text', text } }];

  it('accepts a 150-character header made of emoji (300 UTF-16 units), refuses 151', () => {
    expect(blockProblems(header(EMOJI.repeat(150)), 50)).toEqual([]);
    expect(blockProblems(header(EMOJI.repeat(151)), 50)).toEqual(['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('names a lone surrogate by its pointer', () => {
    const problems = blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: `Title ${EMOJI.slice(0, 1)}` } }], 50);
    expect(problems).toEqual(['[ERROR] must be a valid UTF-8 string: unpaired surrogate U+D83C at index 6 [json-pointer:/blocks/0/text/text]']);
  });

  it('checks elements, options and ids against the reference', () => {
    const problems = blockProblems(
      [
        {
          type: 'actions',
          block_id: 'b'.repeat(256),
          elements: [
            { type: 'button', action_id: 'a'.repeat(256), text: { type: 'plain_text', text: 'x'.repeat(76) }, value: 'v'.repeat(2001) },
            { type: 'static_select', action_id: 'pick', options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v'.repeat(151) }] },
            { type: 'button', action_id: 'mrkdwn', text: { type: 'mrkdwn', text: 'no' } },
          ],
        },
        { type: 'input', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'n', max_length: 3001 } },
        { type: 'section', text: { type: 'mrkdwn', text: '' } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      ],
      50,
    );
    expect(problems).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/1/options/0/text/text]',
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/elements/1/options/0/value]',
      '[ERROR] must be plain_text [json-pointer:/blocks/0/elements/2/text/type]',
      '[ERROR] must be an integer between 1 and 3000 [json-pointer:/blocks/1/element/max_length]',
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/2/text/text]',
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/3/fields]',
    ]);
  });

  it('caps the number of blocks per surface', () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(blockProblems(dividers(50), 50)).toEqual([]);
    expect(blockProblems(dividers(51), 50)).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    expect(blockProblems(dividers(100), 100, '/view/blocks')).toEqual([]);
  });
});
