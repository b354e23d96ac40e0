import { PULSE_COMMENT_ACTION, PULSE_SAFETY_ACTION, PULSE_VALUE_ACTION, scoreValue } from '../../../../src/rituals/health/pulse.ids';
import { commentModal, resultsText, surveyMessage } from '../../../../src/rituals/health/pulse.views';

describe('surveyMessage', () => {
  it('has a 1–5 menu for each question, carrying the round, and the comment button', () => {
    const message = surveyMessage(7, 'Design <!channel>');
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Design &lt;!channel&gt;');
    expect(json).not.toContain('<!channel>');
    const menus = message.blocks.flatMap((b) => ('accessory' in b && b.accessory && 'options' in b.accessory ? [b.accessory] : []));
    expect(menus.map((m) => m.action_id)).toEqual([PULSE_VALUE_ACTION, PULSE_SAFETY_ACTION]);
    for (const menu of menus) expect((menu.options ?? []).map((o) => scoreValue.decode(o.value))).toEqual([1, 2, 3, 4, 5].map((score) => ({ roundId: 7, score })));
    expect(json).toContain(PULSE_COMMENT_ACTION);
  });

  it('opens an optional comment form of at most 1,000 characters', () => {
    const modal = commentModal('Design');
    expect(JSON.stringify(modal)).toContain('"max_length":1000');
    expect(modal.blocks.find((b) => b.type === 'input')).toMatchObject({ optional: true });
  });
});

describe('resultsText', () => {
  it('says how to start when there is no round', () => {
    expect(resultsText('Design', [])).toMatch(/No pulse survey yet. Send one with `\/guild pulse send`/);
  });

  it('shows only the count of a round below 5 responses', () => {
    const text = resultsText('Design', [{ date: '2026-12-01', recipients: 9, results: { shown: false, responses: 4 } }]);
    expect(text).toBe('*Pulse surveys of Design*\n\n*2026-12-01*: 4 responses of 9 asked. Results show from 5 responses.');
  });

  it('shows averages, distributions and the comments escaped, on one line each', () => {
    const text = resultsText('Design', [{
      date: '2026-12-01',
      recipients: 9,
      results: { shown: true, responses: 5, value: { answered: 5, average: 4, distribution: [0, 1, 0, 2, 2] }, comments: ['<!here> & more\npairing'] },
    }]);
    expect(text).toContain('Value to me: *4.0* average of 5 (1: 0 · 2: 1 · 3: 0 · 4: 2 · 5: 2)');
    expect(text).toContain('Safe asking questions: no scores given');
    expect(text).toContain('> &lt;!here&gt; &amp; more pairing');
    expect(text).not.toContain('<!here>');
  });

  it('shows at most 15 comments and says how many more there are', () => {
    const comments = Array.from({ length: 20 }, (_, i) => `idea ${i}`);
    const text = resultsText('Design', [{ date: '2026-12-01', recipients: 30, results: { shown: true, responses: 20, comments } }]);
    expect(text.split('\n').filter((l) => l.startsWith('> '))).toHaveLength(15);
    expect(text).toContain('…and 5 more.');
  });
});
