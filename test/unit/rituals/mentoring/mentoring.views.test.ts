import { blockProblems } from '../../../../src/sandbox';
import { levelValue, LEVEL_PICK_ACTION, MENTOR_ACCEPT_ACTION, MENTOR_DECLINE_ACTION, MENTOR_END_ACTION } from '../../../../src/rituals/mentoring/mentoring.ids';
import { checkInMessage, endedNotice, kickoffMessage, proposalMessage, surveyMessages, type MatchView } from '../../../../src/rituals/mentoring/mentoring.messages';
import { declineModal, distributionsText, endModal, homeBlocks } from '../../../../src/rituals/mentoring/mentoring.views';

const match: MatchView = {
  id: 7,
  communityName: 'Design <!channel>',
  mentorId: 'U0GRACE',
  menteeId: 'U0ADA',
  topics: ['accessibility', '<!here> tricks'],
  reasons: [{ kind: 'topic-fit', topic: 'accessibility', mentorLevel: 4, menteeLevel: 2 }, { kind: 'overlap', minutes: 180 }],
  status: 'proposed',
  mentorAnswer: null,
  menteeAnswer: null,
  declinedBy: null,
  endedBy: null,
};

const json = (value: unknown) => JSON.stringify(value);
const actionIds = (blocks: unknown[]) => [...json(blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);

describe('proposal messages', () => {
  it('asks each side with Accept and Decline and says why, within Slack\'s limits, person text escaped', () => {
    const mentor = proposalMessage(match, 'mentor');
    const mentee = proposalMessage(match, 'mentee');
    expect(blockProblems(mentor.blocks, 50)).toEqual([]);
    expect(json(mentor.blocks)).toContain('Would you mentor <@U0ADA>');
    expect(json(mentor.blocks)).toContain('you can mentor accessibility, level 4 vs 2; 3 h of working hours overlap');
    expect(json(mentee.blocks)).toContain('they can mentor you in accessibility, level 4 vs your 2');
    expect(actionIds(mentor.blocks)).toEqual([MENTOR_ACCEPT_ACTION, MENTOR_DECLINE_ACTION]);
    expect(json(mentor.blocks)).not.toMatch(/<!channel>|<!here>/);
    expect(mentor.text).toBeTruthy();
  });

  it('shows the state instead of buttons once this side cannot answer', () => {
    const waiting = proposalMessage({ ...match, mentorAnswer: 'accepted' }, 'mentor');
    expect(actionIds(waiting.blocks)).toEqual([]);
    expect(json(waiting.blocks)).toContain('You accepted. Waiting for <@U0ADA>');
    // The other side still answers.
    expect(actionIds(proposalMessage({ ...match, mentorAnswer: 'accepted' }, 'mentee').blocks)).toEqual([MENTOR_ACCEPT_ACTION, MENTOR_DECLINE_ACTION]);
    const declined = { ...match, status: 'declined' as const, declinedBy: 'U0GRACE', mentorAnswer: 'declined' as const };
    expect(json(proposalMessage(declined, 'mentor').blocks)).toContain('You declined this match');
    expect(json(proposalMessage(declined, 'mentee').blocks)).toContain('Guild will propose another mentor');
    expect(json(proposalMessage({ ...match, status: 'accepted' }, 'mentee').blocks)).toContain('You both accepted');
  });
});

describe('kickoff, check-in and ended messages', () => {
  it('suggests first topics with an End button, and drops it once ended', () => {
    const kickoff = kickoffMessage(match, 180);
    expect(blockProblems(kickoff.blocks, 50)).toEqual([]);
    expect(json(kickoff.blocks)).toContain('Suggested first topics');
    expect(json(kickoff.blocks)).toContain('about 3 h of working hours');
    expect(actionIds(kickoff.blocks)).toEqual([MENTOR_END_ACTION]);
    expect(actionIds(kickoffMessage(match, 180, true).blocks)).toEqual([]);
    expect(actionIds(checkInMessage(match, 2).blocks)).toEqual([MENTOR_END_ACTION]);
  });

  it('tells the other side who ended it, never why', () => {
    const notice = endedNotice(match, 'U0ADA');
    expect(json(notice.blocks)).toContain('<@U0ADA> ended your mentorship');
    expect(json(notice.blocks)).not.toContain('reason');
  });
});

describe('levels survey messages', () => {
  it('pre-fills known levels with an option of the menu itself', () => {
    const [message] = surveyMessages('Design', [{ id: 3, name: 'Kotlin', level: 4 }, { id: 5, name: 'Figma' }]);
    expect(blockProblems(message!.blocks, 50)).toEqual([]);
    const kotlin = message!.blocks[1] as { accessory: { action_id: string; options: { value: string }[]; initial_option?: { value: string } } };
    expect(kotlin.accessory.action_id).toBe(LEVEL_PICK_ACTION);
    expect(kotlin.accessory.options).toHaveLength(5);
    expect(kotlin.accessory.initial_option).toEqual(kotlin.accessory.options[3]);
    expect(levelValue.decode(kotlin.accessory.initial_option!.value)).toEqual({ topicId: 3, level: 4 });
    expect((message!.blocks[2] as { accessory: object }).accessory).not.toHaveProperty('initial_option');
  });

  it('splits 60 topics over two messages of at most 50 blocks, with unique block ids', () => {
    const topics = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: `topic ${i}`, level: (i % 5) + 1 }));
    const messages = surveyMessages('Design', topics);
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      expect(blockProblems(m.blocks, 50)).toEqual([]);
      const ids = m.blocks.map((b) => b.block_id).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(json(messages[1]!.blocks)).toContain('part 2 of 2');
    expect(messages.flatMap((m) => m.blocks).length).toBe(62);
  });
});

describe('forms, Home and levels text', () => {
  it('asks for an optional private reason', () => {
    for (const modal of [declineModal('U0ADA'), endModal('U0ADA')]) {
      expect(blockProblems(modal.blocks, 100)).toEqual([]);
      expect(json(modal.blocks)).toContain('"optional":true');
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
    }
  });

  it('lists active mentorships with End and pending proposals, nothing when none', () => {
    expect(homeBlocks('U0ADA', [])).toEqual([]);
    const blocks = homeBlocks('U0ADA', [{ ...match, status: 'accepted' }, { ...match, id: 8, mentorId: 'U0ADA', menteeId: 'U0ALAN' }]);
    expect(blockProblems(blocks, 100)).toEqual([]);
    expect(json(blocks)).toContain('mentored by <@U0GRACE>');
    expect(json(blocks)).toContain('Proposed, waiting for answers');
    expect(actionIds(blocks)).toEqual([MENTOR_END_ACTION]);
  });

  it('shows counts per level, never a person', () => {
    const text = distributionsText('Design', [{ topic: 'Kotlin', counts: [1, 0, 2, 0, 1], notGiven: 3 }]);
    expect(text).toContain('*Kotlin*: 1: 1 · 2: 0 · 3: 2 · 4: 0 · 5: 1 · not given: 3');
    expect(text).not.toMatch(/<@/);
  });
});
