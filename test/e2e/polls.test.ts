import { POLL_FIELDS, POLL_INPUT } from '../../src/rituals/polls/polls.ids';
import type { GivenValue } from '../../src/sandbox/view-state.builder';
import { ManualClock } from '../../src/scheduler/clock';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * Polls over the local Slack with the real Guild and its scheduler: a poll made in the form
 * (bad fields refused beside them), votes clicked on its one message, a limit held, a reminder
 * to those who have not voted, the close at its local time, the results, a vote refused after.
 */
describe('polls, created to results', () => {
  // Monday 7 December 2026, 08:00 UTC (London is on UTC in December).
  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const h = useHarness('http', { clock });

  const given = (answers: Partial<Record<keyof typeof POLL_FIELDS, GivenValue>>) =>
    Object.fromEntries(Object.entries(answers).map(([field, value]) => [POLL_FIELDS[field as keyof typeof POLL_FIELDS], { [POLL_INPUT]: value as GivenValue }]));
  const moveTo = async (iso: string) => {
    clock.set(iso);
    await new Promise((resolve) => setTimeout(resolve, 2500));
  };
  const pollMessages = () => h.slack.messages(h.channel.id).filter((m) => m.text.startsWith('Poll: Next talk'));
  const blocksOf = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []);
  const optionBlock = (text: string) => {
    const blocks = (pollMessages()[0]!.blocks ?? []) as { block_id?: string; text?: { text: string } }[];
    return blocks.find((b) => b.block_id?.startsWith('poll_option_') && b.text?.text.includes(text))!.block_id!;
  };
  const vote = async (user: { id: string }, option: string) =>
    h.driver.blockAction({ user, channel: h.channel, messageTs: pollMessages()[0]!.ts, actionId: 'poll_vote', blockId: optionBlock(option) });
  const told = (user: { id: string }, text: string) => h.slack.waitFor(() => h.slack.ephemerals({ user: user.id }).find((e) => e.text.includes(text)), { description: `"${text}" told to ${user.id}` });

  it('makes a poll in the form, counts clicks on its one message, reminds, closes at its time and posts the results', async () => {
    const { ada, alan, grace, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace, margaret]) await guildReply(h, person, 'join');

    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'poll' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).at(-1), { description: 'the poll form' });
    const answers = { question: 'Next talk <topic>?', options: 'Testing\nAccessibility\nResearch', kind: 'multiple', limit: '2', closeDate: '2026-12-08', closeTime: '17:00', remind: '180' };
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: given({ ...answers, question: '  ', options: 'Testing\ntesting' }) });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [POLL_FIELDS.question]: expect.stringMatching(/empty/), [POLL_FIELDS.options]: expect.stringMatching(/twice/) } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: given(answers) });
    await h.slack.waitFor(() => pollMessages().at(0), { description: 'the poll message' });
    expect(blocksOf(pollMessages()[0]!)).toContain('Next talk &lt;topic&gt;?');

    await vote(alan, 'Testing');
    await told(alan, 'your choices are *Testing*');
    await vote(alan, 'Accessibility');
    await told(alan, '(2 of at most 2)');
    await vote(alan, 'Research');
    await told(alan, 'chosen 2 options, the most this poll allows');
    await vote(grace, 'Testing');
    await told(grace, 'your choices are *Testing*');
    await h.slack.waitFor(() => (blocksOf(pollMessages()[0]!).includes('2 people voted') ? true : undefined), { description: 'the poll message edited in place' });
    expect(pollMessages()).toHaveLength(1);
    expect(blocksOf(pollMessages()[0]!)).toMatch(/Testing\*\\n`█{12}` 2 votes · 100%/);

    // Three hours before the close: Ada and Margaret have not voted, and hear of it once.
    await moveTo('2026-12-08T14:00:05Z');
    await h.slack.waitFor(() => h.slack.dms(margaret.id).find((m) => m.text.includes('You have not voted yet')), { description: "Margaret's reminder" });
    await moveTo('2026-12-08T14:30:00Z');
    expect(h.slack.dms(ada.id).filter((m) => m.text.includes('You have not voted yet'))).toHaveLength(1);
    expect(h.slack.dms(alan.id).filter((m) => m.text.includes('You have not voted yet'))).toHaveLength(0);
    expect(h.slack.dms(grace.id).filter((m) => m.text.includes('You have not voted yet'))).toHaveLength(0);

    // At 17:00 London it closes: the message shows the final counts without buttons, and the results follow.
    await moveTo('2026-12-08T17:00:05Z');
    const results = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Results: Next talk')), { description: 'the results message' });
    expect(blocksOf(results)).toMatch(/1\. \*Testing\*.*2 votes · 100%.*2\. \*Accessibility\*.*1 vote · 50%.*3\. \*Research\*.*0 votes/);
    await h.slack.waitFor(() => (blocksOf(pollMessages()[0]!).includes('This poll is closed') ? true : undefined), { description: 'the poll message closed' });
    expect(blocksOf(pollMessages()[0]!)).not.toContain('poll_vote');
  });

  it('answers bad quick syntax with the fix, and a click on a closed poll with why', async () => {
    const { ada, alan } = h.users;
    await guildReply(h, ada, 'setup');
    await guildReply(h, alan, 'join');
    expect(await guildReply(h, ada, 'poll "Lunch? "Pizza" "Salad"')).toMatch(/quotes do not pair up/);
    expect(await guildReply(h, ada, 'poll "Lunch?" "Pizza" "Salad" dots=0')).toMatch(/budget of 0/);
    expect(await guildReply(h, ada, '\u201CNext talk soon?\u201D \u201CYes\u201D \u201CNo\u201D'.replace(/^/, 'poll '))).toMatch(/Poll #\d+ is posted/);
    await h.slack.waitFor(() => pollMessages().at(0), { description: 'the quick poll' });
    await vote(alan, 'Yes');
    await told(alan, 'your vote is *Yes*');
    await vote(alan, 'No');
    await told(alan, 'your vote is *No*');
    const id = /#(\d+)/.exec(blocksOf(pollMessages()[0]!))![1]!;
    expect(await guildReply(h, alan, `poll close ${id}`)).toMatch(/Only the poll's creator/);
    expect(await guildReply(h, ada, `poll close ${id}`)).toMatch(/is closed/);
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Results: Next talk soon')), { description: 'the results' });
    // A click from a client still showing the open poll (the local Slack has the edited message, without buttons).
    const option = /poll_option_(\d+)/.exec(blocksOf(pollMessages()[0]!))![1]!;
    await h.driver.blockAction({ user: alan, channel: h.channel, actionId: 'poll_vote', value: `${id}:${option}` });
    await told(alan, 'This poll is closed');
  });
});
