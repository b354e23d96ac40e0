import { introMessage, followUpMessage, reasonInWords, tooFewMessage, whyInWords } from '../../../../src/rituals/coffee/coffee.messages';
import { answerValue, communityValue, COFFEE_FIELDS } from '../../../../src/rituals/coffee/coffee.ids';
import { DEFAULT_SETTINGS } from '../../../../src/rituals/coffee/coffee.rules';
import { COFFEE_HOME_BLOCK, homeBlocks, previewMessage, settingsModal, statusMessage } from '../../../../src/rituals/coffee/coffee.views';
import { withHomeSection } from '../../../../src/slack/kit/home-section';

describe('coffee messages and views', () => {
  it('puts the reasons in words', () => {
    expect(whyInWords([{ kind: 'shared-interest', topic: 'accessibility' }, { kind: 'overlap', minutes: 180 }], 2)).toBe('both into accessibility; 3 h overlap');
    expect(reasonInWords({ kind: 'overlap', minutes: 150 }, 3)).toBe('2 h 30 min overlap');
    expect(reasonInWords({ kind: 'shared-interest', topic: '<!channel> & co' }, 3)).toBe('all into &lt;!channel&gt; &amp; co');
    expect(reasonInWords({ kind: 'mixed', field: 'interest', values: ['design', 'research'] }, 2)).toBe('different interest: design and research');
    expect(reasonInWords({ kind: 'repeat', pairs: 1 }, 2)).toMatch(/no new grouping was possible/);
    expect(whyInWords([], 2)).toBe('put together by an organiser');
  });

  it('writes an intro with the people, why, a prompt, the suggested organiser and private opt-outs', () => {
    const intro = introMessage({ groupId: 7, communityId: 3, communityName: 'Design *guild*', members: ['U1', 'U2'], organiserId: 'U2', reasons: [{ kind: 'overlap', minutes: 60 }] });
    const json = JSON.stringify(intro.blocks);
    expect(intro.text).toBe(':coffee: Coffee time, <@U1> and <@U2>! This round of *Design *guild** put you together.');
    expect(json).toContain('1 h overlap');
    expect(json).toContain('<@U2>, would you suggest a time?');
    expect(json).toContain(communityValue.encode({ communityId: 3 }));
  });

  it('shows follow-up answers, with one button per answer of distinct action ids', () => {
    const message = followUpMessage(9, [{ personId: 'U1', answer: 'met' }, { personId: 'U2' }]);
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(new Set(actions.elements.map((e) => e.action_id)).size).toBe(3);
    expect(actions.elements.map((e) => answerValue.decode(e.value))).toEqual([{ groupId: 9, answer: 'met' }, { groupId: 9, answer: 'not_yet' }, { groupId: 9, answer: 'couldnt' }]);
    expect(JSON.stringify(message.blocks)).toContain('<@U1>: Met\\n<@U2>: _no answer yet_');
  });

  it('says why a round did not form', () => {
    expect(tooFewMessage('Design', '2026-12-07', 0, 0)).toMatch(/nobody has opted in yet/);
    expect(tooFewMessage('Design', '2026-12-07', 0, 3)).toMatch(/all 3 people who opted in are snoozed or paused/);
    expect(tooFewMessage('Design', '2026-12-07', 1, 1)).toMatch(/only one person could take part/);
  });

  it('fills the settings form with the settings, one input per field', () => {
    const modal = settingsModal({ ...DEFAULT_SETTINGS, groupSize: 4, time: '10:30' }, 'sealed');
    const ids = modal.blocks.map((b) => b.block_id);
    expect(ids).toEqual([COFFEE_FIELDS.size, COFFEE_FIELDS.cadence, COFFEE_FIELDS.everyWeeks, COFFEE_FIELDS.nth, COFFEE_FIELDS.weekday, COFFEE_FIELDS.time, COFFEE_FIELDS.windowWeeks, COFFEE_FIELDS.grouping, COFFEE_FIELDS.groupingField, COFFEE_FIELDS.followUpDays]);
    expect(JSON.stringify(modal.blocks)).toContain('"initial_time":"10:30"');
    expect(JSON.stringify(modal.blocks[0])).toContain('"initial_option":{"text":{"type":"plain_text","text":"4 people"},"value":"4"}');
  });

  it('previews groups with why and a swap button, or says it would not form', () => {
    const preview = previewMessage('2026-12-07', { roundId: 5, groups: [{ id: 1, members: ['U1', 'U2'], organiserId: 'U1', reasons: [{ kind: 'first-meeting' }] }] });
    expect(preview.text).toContain('1. <@U1>, <@U2> — meeting for the first time; <@U1> suggests a time');
    expect(previewMessage('2026-12-07', { tooFew: true, eligible: 1 }).text).toMatch(/only one person/);
  });

  it('tells the person where they stand, and offers snooze or resume on the Home', () => {
    const status = statusMessage({ community: { id: 1, name: 'Design', channelId: 'C1', timeZone: 'UTC' }, member: true, optedIn: true, paused: true, avoiding: 1, settings: DEFAULT_SETTINGS, organiser: false });
    expect(status.text).toMatch(/You are paused .* `\/guild coffee join`/);
    expect(status.text).toMatch(/private list of 1 person/);
    const home = homeBlocks([
      { communityId: 1, name: 'Design', optedIn: true, paused: false },
      { communityId: 2, name: 'Data', optedIn: true, paused: false, snoozedUntil: new Date('2026-12-20T00:00:00Z') },
      { communityId: 3, name: 'Ops', optedIn: false, paused: false },
    ]);
    expect(JSON.stringify(home)).toMatch(/Snooze 4 weeks.*Resume/);
    expect(homeBlocks([])).toEqual([]);
  });

  it('shows the latest group on the Home with "We met" until the person says they met', () => {
    const group = { groupId: 8, date: '2026-12-07', others: ['U0ALAN', 'U0GRACE'] };
    const unanswered = JSON.stringify(homeBlocks([{ communityId: 1, name: 'Design', optedIn: true, paused: false, group }]));
    expect(unanswered).toContain('Your group of 2026-12-07: <@U0ALAN>, <@U0GRACE>');
    expect(unanswered).toContain(`"value":"${answerValue.encode({ groupId: 8, answer: 'met' })}"`);
    const notYet = JSON.stringify(homeBlocks([{ communityId: 1, name: 'Design', optedIn: true, paused: false, group: { ...group, answer: 'not_yet' } }]));
    expect(notYet).toMatch(/not met yet.*We met/);
    const met = JSON.stringify(homeBlocks([{ communityId: 1, name: 'Design', optedIn: true, paused: false, group: { ...group, answer: 'met' } }]));
    expect(met).toContain('· you met');
    expect(met).not.toContain('We met');
  });

  it("replaces coffee's Home section where it was, keeping every other block", () => {
    const before = homeBlocks([{ communityId: 1, name: 'Design', optedIn: true, paused: false }]);
    const others = [{ type: 'header', block_id: 'b0', text: { type: 'plain_text', text: 'Your communities' } }, { type: 'divider', block_id: 'mentoring.x' }] as never[];
    const shown = [others[0]!, ...before, others[1]!];
    const after = homeBlocks([{ communityId: 1, name: 'Design', optedIn: true, paused: true }]);
    expect(withHomeSection(COFFEE_HOME_BLOCK, shown, after)).toEqual([others[0], ...after, others[1]]);
    expect(withHomeSection(COFFEE_HOME_BLOCK, others, after)).toEqual([...others, ...after]);
  });
});
