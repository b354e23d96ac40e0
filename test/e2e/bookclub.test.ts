import { BOOK_FIELDS as F, HIDE_NAME_OPTION } from '../../src/rituals/events/bookclub/bookclub.ids';
import { ManualClock } from '../../src/scheduler/clock';
import { eventually } from '../support/eventually';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * A book club over the local Slack with the real Guild, its events ritual and scheduler: books
 * are suggested in forms (bad input refused beside its field), an organiser opens a ranked vote,
 * members rank, the vote closes, members join the winner's club (a double click joins once)
 * until it starts, its creator sets the reading plan, the sessions become events, the first
 * session's leader is told three days ahead and swaps, and the first session's reminder comes.
 */
describe('a book club from suggestions to its first session reminder', () => {
  // Tuesday 1 December 2026, 10:00 UTC.
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const h = useHarness('http', { clock });

  const moveTo = async (iso: string) => {
    clock.set(iso);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  };
  const channelMessage = (match: string) => h.slack.messages(h.channel.id).find((m) => m.text.includes(match));
  const waitForChannel = (match: string, description: string) => h.slack.waitFor(() => channelMessage(match), { timeoutMs: 15_000, description });
  const waitForDm = (user: { id: string }, match: string, description: string) => h.slack.waitFor(() => h.slack.dms(user.id).find((m) => m.text.includes(match)), { timeoutMs: 15_000, description });
  const ephemeral = (user: { id: string }, match: string) => h.slack.waitFor(() => h.slack.ephemerals({ user: user.id }).find((e) => e.text.includes(match)), { timeoutMs: 15_000, description: `"${match}" for ${user.id}` });
  /** Runs a command or clicks, and returns the form it opened. */
  const formFrom = async (user: { id: string }, open: () => Promise<unknown>) => {
    const before = h.slack.views(user.id).length;
    await open();
    return h.slack.waitFor(() => h.slack.views(user.id).length > before && h.slack.views(user.id).at(-1), { description: `a form for ${user.id}` });
  };
  const command = (user: { id: string }, text: string) => () => h.driver.command({ user, channel: h.channel, command: '/guild', text });

  it('suggests, votes, forms a club, plans it, tells and swaps the leader, and reminds of the first session', async () => {
    const { ada, grace, alan, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [grace, alan, margaret]) await guildReply(h, person, 'join');

    // Suggestions: bad input is refused beside its fields; a hidden name stays hidden; a second "Dune" is refused.
    const suggestForm = (user: { id: string }) => formFrom(user, command(user, 'bookclub suggest'));
    const suggest = async (user: { id: string }, values: Record<string, Record<string, string | string[]>>) => h.driver.submitView({ user, viewId: (await suggestForm(user)).id, values });
    const graceForm = await suggestForm(grace);
    const bad = await h.driver.submitView({ user: grace, viewId: graceForm.id, values: { [F.title]: { value: ' ' }, [F.link]: { value: 'dune.example' } } });
    expect(bad.body).toMatchObject({ response_action: 'errors', errors: { [F.title]: expect.stringMatching(/title/), [F.link]: expect.stringMatching(/http/) } });
    await h.driver.submitView({ user: grace, viewId: graceForm.id, values: { [F.title]: { value: 'Dune <!channel>' }, [F.link]: { value: 'https://books.example/dune' }, [F.note]: { value: 'Sand & politics' }, [F.hideName]: { value: [HIDE_NAME_OPTION] } } });
    await waitForDm(grace, 'is suggested (your name is hidden)', 'the suggestion confirmed');
    await suggest(alan, { [F.title]: { value: 'Piranesi' }, [F.link]: { value: 'https://books.example/piranesi' } });
    await waitForDm(alan, 'is suggested', "Alan's suggestion confirmed");
    const marForm = await suggestForm(margaret);
    const again = await h.driver.submitView({ user: margaret, viewId: marForm.id, values: { [F.title]: { value: 'dune  <!CHANNEL>' }, [F.link]: { value: 'https://books.example/dune-2' } } });
    expect(again.body).toMatchObject({ response_action: 'errors', errors: { [F.title]: expect.stringMatching(/suggested in this community already/) } });
    await h.driver.closeView({ user: margaret, viewId: marForm.id });
    const list = await guildReply(h, margaret, 'bookclub list');
    expect(list).toContain('2 suggested');

    // The vote: members cannot open it; the organiser does; its one message carries the Rank button.
    expect(await guildReply(h, grace, 'bookclub vote')).toMatch(/Only this community's organisers can open a book vote/);
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'bookclub vote' });
    const vote = await waitForChannel('Book vote: 2 books on the ballot', 'the vote message');
    expect(JSON.stringify(vote.blocks)).toContain('suggested anonymously');
    expect(JSON.stringify(vote.blocks)).not.toContain('<!channel>');
    const [dune, piranesi] = await h.db.prisma.bookSuggestion.findMany({ orderBy: { id: 'asc' } });
    const rank = (user: { id: string }) => formFrom(user, () => h.driver.blockAction({ user, channel: h.channel, messageTs: vote.ts, actionId: 'bookclub_rank' }));
    const ballot = async (user: { id: string }, first: number, second?: number) => {
      const form = await rank(user);
      return h.driver.submitView({ user, viewId: form.id, values: { [F.first]: { value: String(first) }, ...(second ? { [F.second]: { value: String(second) } } : {}) } });
    };
    const graceBallot = await rank(grace);
    const twice = await h.driver.submitView({ user: grace, viewId: graceBallot.id, values: { [F.first]: { value: String(dune!.id) }, [F.second]: { value: String(dune!.id) } } });
    expect(twice.body).toMatchObject({ response_action: 'errors', errors: { [F.second]: expect.stringMatching(/different book/) } });
    await h.driver.submitView({ user: grace, viewId: graceBallot.id, values: { [F.first]: { value: String(dune!.id) }, [F.second]: { value: String(piranesi!.id) } } });
    await ballot(alan, piranesi!.id, dune!.id);
    await ballot(margaret, dune!.id);
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === vote.ts && m.text.includes('3 ballots so far')), { timeoutMs: 15_000, description: 'the vote counting 3 ballots' });
    const late = await rank(ada); // opened before the vote closes, sent after
    expect(await guildReply(h, ada, 'bookclub close-vote 3')).toMatch(/The vote is closed after 3 ballots: .*Dune .* won/);
    const refusedLate = await h.driver.submitView({ user: ada, viewId: late.id, values: { [F.first]: { value: String(piranesi!.id) } } });
    expect(refusedLate.body).toMatchObject({ response_action: 'errors', errors: { [F.first]: expect.stringMatching(/This vote has closed/) } });
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === vote.ts && m.text.startsWith('Book vote closed')), { timeoutMs: 15_000, description: 'the vote message closed' });

    // The club: Grace double-clicks Join (one membership); it starts with the third member.
    const club = await waitForChannel('Book club Dune', 'the club message');
    const click = (user: { id: string }, actionId: string) => h.driver.blockAction({ user, channel: h.channel, messageTs: club.ts, actionId });
    await Promise.all([click(grace, 'bookclub_join'), click(grace, 'bookclub_join')]);
    await ephemeral(grace, 'You are in this book club already');
    await click(alan, 'bookclub_join');
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === club.ts && m.text.includes('2 of 3 joined')), { timeoutMs: 15_000, description: 'two members shown' });
    await click(margaret, 'bookclub_join');
    await ephemeral(margaret, 'it has started');
    expect(await h.db.prisma.bookClubMember.count()).toBe(3);

    // Only an organiser or the club's creator plans; Grace (who suggested Dune) is told, with the button.
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === club.ts && m.text.includes('Started with 3 members')), { timeoutMs: 15_000, description: 'the club started' });
    await click(alan, 'bookclub_plan_open');
    await ephemeral(alan, "Only this community's organisers or the club's creator");
    const started = await waitForDm(grace, 'has started', 'the creator told to plan');
    const planForm = await formFrom(grace, () => h.driver.blockAction({ user: grace, channel: started.channel, messageTs: started.ts, actionId: 'bookclub_plan_open' }));
    const planValues = (sessions: string, date: string) => ({ [F.sessions]: { value: sessions }, [F.chapters]: { value: '4' }, [F.date]: { value: date }, [F.time]: { value: '18:00' }, [F.everyWeeks]: { value: '2' }, [F.duration]: { value: '60' }, [F.place]: { value: 'Library <room 2>' } });
    const none = await h.driver.submitView({ user: grace, viewId: planForm.id, values: planValues('0', '2026-12-05') });
    expect(none.body).toMatchObject({ response_action: 'errors', errors: { [F.sessions]: expect.stringMatching(/at least 1/) } });
    const past = await h.driver.submitView({ user: grace, viewId: planForm.id, values: planValues('3', '2026-11-30') });
    expect(past.body).toMatchObject({ response_action: 'errors', errors: { [F.date]: expect.stringMatching(/in the past/) } });
    await h.driver.submitView({ user: grace, viewId: planForm.id, values: planValues('3', '2026-12-05') });
    await waitForDm(grace, 'The reading plan is set: 3 sessions', 'the plan confirmed');

    // Each session is an event of the events ritual: the first is announced now, with RSVP buttons.
    const sessions = await h.db.prisma.bookClubSession.findMany({ orderBy: { number: 'asc' } });
    expect(sessions.map((s) => [s.reading, s.leaderId])).toEqual([['Chapters 1–4', grace.id], ['Chapters 5–8', alan.id], ['Chapters 9–12', margaret.id]]);
    const firstStart = sessions[0]!.startsAt;
    const announcement = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => JSON.stringify(m.blocks ?? []).includes('event_rsvp_going')), { timeoutMs: 15_000, description: 'the first session announced' });
    expect(h.slack.messages(h.channel.id).filter((m) => JSON.stringify(m.blocks ?? []).includes('event_rsvp_going'))).toHaveLength(1); // the next when this one has ended
    expect(JSON.stringify(announcement.blocks)).not.toContain('<room 2>');
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === club.ts && JSON.stringify(m.blocks).includes(`led by <@${grace.id}>`)), { timeoutMs: 15_000, description: 'the club message listing the sessions' });
    await h.driver.blockAction({ user: margaret, channel: h.channel, messageTs: announcement.ts, actionId: 'event_rsvp_going' });
    await eventually(async () => ((await h.db.prisma.eventRsvp.count({ where: { status: 'going' } })) === 1 ? true : undefined));

    // Three days ahead, Grace is told she leads; she swaps with Alan (not with Ada, who did not join).
    await moveTo(new Date(firstStart.getTime() - 3 * 86_400_000 + 5_000).toISOString());
    const told = await waitForDm(grace, 'You lead the discussion', "the leader's notice");
    expect(told.text).toContain('session 1: Chapters 1–4');
    const swapForm = await formFrom(grace, () => h.driver.blockAction({ user: grace, channel: told.channel, messageTs: told.ts, actionId: 'bookclub_swap_open' }));
    const outsider = await h.driver.submitView({ user: grace, viewId: swapForm.id, values: { [F.with]: { value: ada.id } } });
    expect(outsider.body).toMatchObject({ response_action: 'errors', errors: { [F.with]: expect.stringMatching(/has not joined this book club/) } });
    await h.driver.submitView({ user: grace, viewId: swapForm.id, values: { [F.with]: { value: alan.id } } });
    await waitForDm(alan, 'swapped with you', 'Alan told of the swap');
    expect(h.slack.dms(alan.id).find((m) => m.text.includes('swapped with you'))!.text).toContain('takes your session 2');
    expect((await h.db.prisma.bookClubSession.findMany({ orderBy: { number: 'asc' } })).map((s) => s.leaderId)).toEqual([alan.id, grace.id, margaret.id]);
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.ts === announcement.ts && JSON.stringify(m.blocks).includes(`<@${alan.id}>`)), { timeoutMs: 15_000, description: 'the announcement naming the new host' });

    // A day ahead: the first session's reminder, to Margaret who is going, once.
    await moveTo(new Date(firstStart.getTime() - 86_400_000 + 5_000).toISOString());
    const reminder = await waitForDm(margaret, 'Reminder: Book club "Dune', 'the first reminder');
    expect(reminder.text).toContain('starts in a day');
    await moveTo(new Date(firstStart.getTime() - 86_400_000 + 60_000).toISOString());
    expect(h.slack.dms(margaret.id).filter((m) => m.text.startsWith('Reminder:'))).toHaveLength(1);
    expect(h.slack.failedInteractions()).toEqual([]);
  });
});
