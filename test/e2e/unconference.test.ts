import { DOTS_BLOCK_PREFIX, INPUT, MOVE_FIELDS, PLAN_FIELDS, PROPOSAL_FIELDS, type PlanField } from '../../src/rituals/unconference/unconference.ids';
import type { GivenValue } from '../../src/sandbox/view-state.builder';
import { ManualClock } from '../../src/scheduler/clock';
import { parseCalendar } from '../support/ical';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * An unconference over the local Slack with the real Guild and its scheduler: planned in the
 * form (bad input refused beside its field), proposals (a duplicate refused), voting (over the
 * budget refused, changed, refused once closed), the draft in the organiser's DM, a session
 * moved, the agenda published with a thread per session, each person's own agenda by DM with an
 * .ics that serves their sessions, and a reminder before the first slot, once.
 */
describe('an unconference, from proposals to personal agendas', () => {
  // Monday 7 December 2026, 08:00 UTC; the unconference is on Thursday 10 December in London (UTC in winter).
  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const h = useHarness('http', { clock });

  const plan = (answers: Partial<Record<PlanField, GivenValue>>) => Object.fromEntries(Object.entries(answers).map(([f, v]) => [PLAN_FIELDS[f as PlanField], { [INPUT]: v as GivenValue }]));
  const moveTo = async (iso: string) => {
    clock.set(iso);
    await new Promise((resolve) => setTimeout(resolve, 2500));
  };
  const unconferenceMessage = () => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Unconference:'));
  const dm = (userId: string, text: string) => h.slack.dms(userId).filter((m) => m.text.includes(text) || JSON.stringify(m.blocks ?? []).includes(text));
  /** A view opened after `before` (the ids open then): Slack shows one modal at a time, so counting them says nothing. */
  const newView = async (userId: string, before: string[], description: string) => h.slack.waitFor(() => h.slack.views(userId).find((v) => !before.includes(v.id)), { description });
  const openViews = (userId: string) => h.slack.views(userId).map((v) => v.id);
  const click = async (user: { id: string }, message: { channel: string; ts: string }, actionId: string) => h.driver.blockAction({ user, channel: { id: message.channel }, messageTs: message.ts, actionId });
  const ephemeral = (user: { id: string }, text: string) => h.slack.waitFor(() => h.slack.ephemerals({ user: user.id }).find((e) => e.text.includes(text)), { description: `"${text}" to ${user.id}` });

  async function openForm(user: { id: string }, message: { channel: string; ts: string }, actionId: string) {
    const before = openViews(user.id);
    await click(user, message, actionId);
    return newView(user.id, before, `the form behind ${actionId}`);
  }

  async function proposeAs(user: { id: string }, title: string, level = 'everyone') {
    const form = await openForm(user, unconferenceMessage()!, 'unconf_propose_open');
    return h.driver.submitView({ user, viewId: form.id, values: { [PROPOSAL_FIELDS.title]: { [INPUT]: title }, [PROPOSAL_FIELDS.level]: { [INPUT]: level } } });
  }

  async function spreadDots(user: { id: string }, dots: Record<number, number>) {
    const form = await openForm(user, unconferenceMessage()!, 'unconf_dots_open');
    const values = Object.fromEntries(Object.entries(dots).map(([id, n]) => [`${DOTS_BLOCK_PREFIX}${id}`, { [INPUT]: String(n) }]));
    return h.driver.submitView({ user, viewId: form.id, values });
  }

  it('plans, takes proposals and dots, drafts, moves, publishes, DMs each their agenda with .ics, and reminds before a slot', async () => {
    const { ada, alan, grace, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace, margaret]) await guildReply(h, person, 'join');
    expect(await guildReply(h, alan, 'unconference')).toContain('organiser');

    // The plan form: no start times, a room of capacity 0 and a 24-hour session are each refused beside their field.
    const before = openViews(ada.id);
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'unconference' });
    const form = await newView(ada.id, before, 'the plan form');
    const good = { title: 'Winter <open> space', date: '2026-12-10', slots: '10:00, 11:00', length: '45', rooms: 'Lovelace: 2\nHopper: 3', dots: '3' };
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: plan({ ...good, slots: ', ,', rooms: 'Lovelace: 0', length: '24h' }) });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [PLAN_FIELDS.slots]: expect.stringContaining('at least one start time'), [PLAN_FIELDS.rooms]: expect.stringContaining('capacity of 0'), [PLAN_FIELDS.length]: expect.stringContaining('less than 24 hours') } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: plan(good) });
    await h.slack.waitFor(() => dm(ada.id, 'is announced in').at(0), { description: "the organiser's confirmation" });
    const message = await h.slack.waitFor(() => unconferenceMessage(), { description: 'the unconference message' });
    expect(message.text).toContain('Winter &lt;open&gt; space');

    // Proposals: each host proposes; a duplicate title (another case) is refused in the form.
    await proposeAs(alan, 'Design tokens <v2>');
    await proposeAs(grace, 'Research ops', 'experienced');
    await proposeAs(margaret, 'Motion basics', 'newcomers');
    const duplicate = await proposeAs(margaret, 'design TOKENS <v2>');
    expect(duplicate.body).toMatchObject({ response_action: 'errors', errors: { [PROPOSAL_FIELDS.title]: expect.stringContaining('already proposed') } });
    await h.slack.waitFor(() => (JSON.stringify(unconferenceMessage()!.blocks).includes('Motion basics') ? true : undefined), { description: 'the message edited with the proposals' });
    const proposals = await h.db.prisma.unconferenceProposal.findMany({ orderBy: { id: 'asc' } });
    expect(proposals.map((p) => p.title)).toEqual(['Design tokens <v2>', 'Research ops', 'Motion basics']);
    const [tokens, research, motion] = proposals.map((p) => p.id) as [number, number, number];

    // Voting: only an organiser opens it; a proposal form left open until then is refused.
    const lateProposal = await openForm(grace, unconferenceMessage()!, 'unconf_propose_open');
    await click(alan, unconferenceMessage()!, 'unconf_step_open_voting');
    await ephemeral(alan, 'organiser');
    await click(ada, unconferenceMessage()!, 'unconf_step_open_voting');
    await ephemeral(ada, 'Voting is open');
    await h.slack.waitFor(() => (JSON.stringify(unconferenceMessage()!.blocks).includes('Spread my dots') ? true : undefined), { description: 'the voting phase shown' });
    const late = await h.driver.submitView({ user: grace, viewId: lateProposal.id, values: { [PROPOSAL_FIELDS.title]: { [INPUT]: 'Too late' } } });
    expect(late.body).toMatchObject({ response_action: 'errors', errors: { [PROPOSAL_FIELDS.title]: 'Proposals are closed for this unconference.' } });

    // Dots: over the budget is refused in the form; a voter changes their dots.
    const over = await spreadDots(ada, { [tokens]: 2, [research]: 2 });
    expect(over.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(over.body)).toContain('That is 4 dots; you have 3');
    await spreadDots(ada, { [tokens]: 3 });
    await h.slack.waitFor(() => dm(ada.id, '3 of 3 used').at(0), { description: "Ada's dots saved" });
    await spreadDots(ada, { [tokens]: 1, [motion]: 2 });
    await h.slack.waitFor(() => dm(ada.id, '3 of 3 used').length === 2 || undefined, { description: "Ada's dots changed" });
    await spreadDots(alan, { [research]: 3 });
    await spreadDots(grace, { [tokens]: 2, [motion]: 1 });
    await spreadDots(margaret, { [tokens]: 1, [research]: 2 });
    await h.slack.waitFor(() => dm(margaret.id, 'are saved').at(0), { description: "Margaret's dots saved" });
    const adaDots = await h.db.prisma.unconferenceDot.findMany({ where: { personId: ada.id }, orderBy: { proposalId: 'asc' } });
    expect(adaDots.map((d) => [d.proposalId, d.count])).toEqual([[tokens, 1], [motion, 2]]);

    // Closing the vote: the draft comes to Ada's DM; a dots form left open until then is refused.
    const lateDots = await openForm(grace, unconferenceMessage()!, 'unconf_dots_open');
    await click(ada, unconferenceMessage()!, 'unconf_step_close_voting');
    const draft = await h.slack.waitFor(() => dm(ada.id, 'Draft agenda').at(0), { description: 'the draft agenda in Ada' });
    expect(JSON.stringify(draft.blocks)).toContain('Publish the agenda');
    await h.driver.submitView({ user: grace, viewId: lateDots.id, values: { [`${DOTS_BLOCK_PREFIX}${tokens}`]: { [INPUT]: '0' }, [`${DOTS_BLOCK_PREFIX}${motion}`]: { [INPUT]: '0' }, [`${DOTS_BLOCK_PREFIX}${research}`]: { [INPUT]: '3' } } });
    await h.slack.waitFor(() => dm(grace.id, 'Your dots were not saved. Voting is closed').at(0), { description: 'the late dots refused' });
    expect(JSON.stringify(unconferenceMessage()!.blocks)).not.toContain('unconf_dots_open');
    await click(grace, unconferenceMessage()!, 'unconf_step_draft');
    await ephemeral(grace, 'organiser');
    expect(dm(grace.id, 'Draft agenda')).toHaveLength(0);

    // Ada moves Motion basics to the other slot; the draft DM is edited in place.
    const drafted = await h.db.prisma.unconference.findFirstOrThrow();
    const placed = (drafted.draft as { sessions: { topicId: number; slot: number; room: number }[] }).sessions.find((s) => s.topicId === motion)!;
    const moveForm = await openForm(ada, draft, 'unconf_step_move');
    const target = { slot: placed.slot === 0 ? 1 : 0, room: placed.room };
    await h.driver.submitView({ user: ada, viewId: moveForm.id, values: { [MOVE_FIELDS.session]: { [INPUT]: String(motion) }, [MOVE_FIELDS.slot]: { [INPUT]: String(target.slot) }, [MOVE_FIELDS.room]: { [INPUT]: String(target.room) } } });
    await h.slack.waitFor(() => dm(ada.id, 'Moved.').at(0), { description: 'the move confirmed' });
    const moved = await h.db.prisma.unconference.findFirstOrThrow();
    expect((moved.draft as { sessions: unknown[] }).sessions).toContainEqual({ topicId: motion, ...target });

    // Publishing: the agenda, one message per session (its thread for notes), each person's own agenda.
    await click(ada, h.slack.dms(ada.id).find((m) => m.text.startsWith('Draft agenda'))!, 'unconf_step_publish');
    await ephemeral(ada, 'Published');
    const agenda = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Agenda:')), { description: 'the agenda in the channel' });
    expect(JSON.stringify(agenda.blocks)).toContain('Design tokens &lt;v2&gt;');
    const sessions = await h.slack.waitFor(() => { const s = h.slack.messages(h.channel.id).filter((m) => m.text.startsWith('Session:')); return s.length === 3 ? s : undefined; }, { description: 'a message per session' });
    await h.driver.message({ user: grace, channel: h.channel, text: 'Notes: tokens live in a repo', threadTs: sessions[0]!.ts });
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === sessions[0]!.ts)!.replies.at(0), { description: 'a note in the session thread' });

    const mine = await h.slack.waitFor(() => dm(alan.id, 'Your agenda for').at(0), { description: "Alan's own agenda" });
    const text = JSON.stringify(mine.blocks);
    expect(text).toContain('(you host it)');
    expect(text).toMatch(/<!date\^\d+\^\{time\}\|10:00>/);
    const link = /<(http[^|>]+\/unconference\/[^|>]+\.ics[^|>]*)\|Add your sessions/.exec(text)![1]!.replace(/\\u0026|&amp;/g, '&');
    const ics = await fetch(link);
    expect([ics.status, ics.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
    const calendar = parseCalendar(await ics.text());
    const summaries = calendar.vevents.map((v) => String(v.getFirstPropertyValue('summary')));
    expect(summaries).toContain('Design tokens <v2>');
    const starts = calendar.vevents.map((v) => (v.getFirstPropertyValue('dtstart') as { toJSDate(): Date }).toJSDate().toISOString());
    expect(starts.every((s) => ['2026-12-10T10:00:00.000Z', '2026-12-10T11:00:00.000Z'].includes(s))).toBe(true);
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    for (const person of [ada, grace, margaret]) await h.slack.waitFor(() => dm(person.id, 'Your agenda for').at(0), { description: `${person.id}'s agenda` });

    // Ten minutes before the first slot: the people in it are reminded, each once.
    const published = await h.db.prisma.unconference.findFirstOrThrow();
    const attendance = (published.agenda as { attendance: Record<string, (number | null)[]> }).attendance;
    const inFirst = Object.entries(attendance).filter(([, slots]) => slots[0] !== null).map(([p]) => p);
    expect(inFirst.length).toBeGreaterThan(0);
    await moveTo('2026-12-10T09:50:05Z');
    for (const p of inFirst) await h.slack.waitFor(() => dm(p, 'In 10 minutes').at(0), { description: `the slot reminder to ${p}` });
    await moveTo('2026-12-10T09:51:00Z');
    for (const p of inFirst) expect(dm(p, 'In 10 minutes')).toHaveLength(1);
    for (const p of Object.keys(attendance).filter((x) => !inFirst.includes(x))) expect(dm(p, 'In 10 minutes')).toHaveLength(0);
  }, 120_000);
});
