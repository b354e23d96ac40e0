import { useHarness } from '../support/guild-harness';
import { eventually } from '../support/eventually';

describe('/retro', () => {
  const h = useHarness('http');
  let katherine: { id: string } | undefined;
  /** Five people: the harness's four and one more, who joins the channel. */
  const people = () => {
    katherine ??= h.slack.addUser({ name: 'katherine', tz: 'America/Chicago' });
    return [h.users.ada, h.users.grace, h.users.alan, h.users.margaret, katherine];
  };

  const board = () => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Retro "'));
  const boardText = () => JSON.stringify(board()?.blocks ?? []);
  /** The board's block ids change with every edit (`retro_item_7.r<revision>`): the one shown now. */
  const blockIdOf = (base: string) => (board()?.blocks as { block_id?: string }[] | undefined)?.find((b) => b.block_id?.startsWith(`${base}.`))?.block_id;
  const retroId = async () => (await h.db.prisma.retro.findFirstOrThrow()).id;
  const lastEphemeral = (user: { id: string }) => h.slack.ephemerals({ user: user.id }).at(-1)?.text ?? '';

  const addItem = async (user: { id: string }, column: string, text: string) => {
    const before = h.slack.views(user.id).length;
    await h.driver.blockAction({ user, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_add_item' });
    const modal = await h.slack.waitFor(() => h.slack.views(user.id).length > before && h.slack.views(user.id).at(-1));
    return h.driver.submitView({ user, viewId: modal.id, values: { column: { value: column }, text: { value: text } } });
  };
  const next = (user: { id: string }) => h.driver.blockAction({ user, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_next_phase' });
  const phase = async () => (await h.db.prisma.retro.findFirstOrThrow()).phase;

  it('runs a named retro from start to close, with the board updated in place', async () => {
    await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/retro', text: 'Sprint 12' });
    await h.slack.waitFor(() => board());
    expect(boardText()).toContain('Collecting items');

    const team = people();
    const texts = ['Pairing worked', 'Standups ran long', 'Deploys were slow', 'Great demo', 'Too many meetings'];
    for (const [i, person] of team.entries()) expect((await addItem(person, ['happy', 'meh', 'sad', 'happy', 'sad'][i]!, texts[i]!)).failed).toBe(false);
    await h.slack.waitFor(() => boardText().includes('Happy: 2') && boardText().includes('Sad: 2'), { timeoutMs: 10_000 });
    expect(boardText()).not.toContain('Pairing worked'); // hidden until revealed
    expect(h.slack.messages(h.channel.id).filter((m) => m.text.startsWith('Retro "'))).toHaveLength(1);

    // Bad input: empty and oversized items are refused in the form, with the limit named.
    const empty = await addItem(h.users.alan, 'sad', '   ');
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { text: 'An item needs some text.' } });
    const stillOpen = h.slack.views(h.users.alan.id).at(-1)!;
    const long = await h.driver.submitView({ user: h.users.alan, viewId: stillOpen.id, values: { column: { value: 'sad' }, text: { value: 'x'.repeat(3001) } } });
    expect(long.body).toMatchObject({ errors: { text: 'Items can be at most 3,000 characters; this one has 3,001.' } });
    await h.driver.closeView({ user: h.users.alan, viewId: stillOpen.id });

    await next(h.users.grace); // not the facilitator, not an organiser
    await h.slack.waitFor(() => lastEphemeral(h.users.grace).includes('Only the facilitator'));
    await next(h.users.ada);
    await eventually(async () => ((await phase()) === 'reveal' ? true : undefined));
    await h.slack.waitFor(() => boardText().includes('Pairing worked'), { timeoutMs: 10_000 });
    await next(h.users.ada);
    await eventually(async () => ((await phase()) === 'vote' ? true : undefined));

    const items = await h.db.prisma.retroItem.findMany({ orderBy: { id: 'asc' } });
    const vote = (user: { id: string }, itemId: number, direction = 'add') =>
      h.driver.blockAction({ user, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_vote', blockId: blockIdOf(`retro_item_${itemId}`), selectedOption: `${direction}:${items[0]!.retroId}:${itemId}` });
    await h.slack.waitFor(() => boardText().includes('retro_vote'), { timeoutMs: 10_000 });
    for (const person of team.slice(0, 4)) await vote(person, items[2]!.id);
    await vote(h.users.ada, items[0]!.id);
    await vote(h.users.ada, items[0]!.id);
    await vote(h.users.ada, items[1]!.id);
    await h.slack.waitFor(() => lastEphemeral(h.users.ada).includes('used all 3 of your votes'));

    await next(h.users.ada);
    await h.slack.waitFor(() => boardText().includes('Discussing') && boardText().includes('*4* votes'), { timeoutMs: 10_000 });
    // Vote order: the slow deploys (4 votes) lead.
    expect(boardText().indexOf('Deploys were slow')).toBeLessThan(boardText().indexOf('Pairing worked'));

    // Action items, with an owner and a due date.
    await h.driver.blockAction({ user: h.users.ada, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_add_action' });
    const actionForm = await h.slack.waitFor(() => h.slack.views(h.users.ada.id).at(-1));
    const past = await h.driver.submitView({ user: h.users.ada, viewId: actionForm.id, values: { text: { value: 'Cache the build' }, owner: { value: h.users.alan.id }, due: { value: '2020-01-01' } } });
    expect(past.body).toMatchObject({ response_action: 'errors', errors: { due: 'Pick a due date from today on.' } });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await h.driver.submitView({ user: h.users.ada, viewId: actionForm.id, values: { text: { value: 'Cache the build' }, owner: { value: h.users.alan.id }, due: { value: due } } });
    await h.slack.waitFor(() => boardText().includes('Cache the build'), { timeoutMs: 10_000 });
    expect(boardText()).toContain(`<@${h.users.alan.id}>, due ${due}`);
    await h.driver.command({ user: h.users.grace, channel: h.channel, command: '/retro', text: 'actions' });
    const listed = await h.slack.waitFor(() => h.slack.ephemerals({ user: h.users.grace.id }).at(-1)?.text.includes('Open action items') && h.slack.ephemerals({ user: h.users.grace.id }).at(-1));
    expect(listed.text).toContain(`Cache the build — <@${h.users.alan.id}>, due ${due} _(Sprint 12)_`);

    await next(h.users.ada);
    await eventually(async () => ((await phase()) === 'closed' ? true : undefined));
    await h.slack.waitFor(() => boardText().includes('Closed'), { timeoutMs: 10_000 });
    expect(await retroId()).toBeGreaterThan(0);
  }, 60_000);

  it('holds every budget when 50 vote clicks arrive at once over Slack', async () => {
    await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/retro', text: 'Busy retro' });
    await h.slack.waitFor(() => board());
    const team = people();
    for (const [i, person] of team.entries()) await addItem(person, i % 2 ? 'meh' : 'happy', `idea ${i}`);
    await eventually(async () => ((await h.db.prisma.retroItem.count()) === 5 ? true : undefined));
    await next(h.users.ada);
    // The facilitator presses the button on the board as Slack shows it, so wait for the update.
    await h.slack.waitFor(() => boardText().includes('Items revealed'), { timeoutMs: 10_000 });
    await next(h.users.ada);
    await eventually(async () => ((await phase()) === 'vote' ? true : undefined));
    await h.slack.waitFor(() => boardText().includes('retro_vote'), { timeoutMs: 10_000 });
    const items = await h.db.prisma.retroItem.findMany({ orderBy: { id: 'asc' } });
    const clicks = Array.from({ length: 50 }, (_, i) =>
      h.driver.blockAction({ user: team[i % 5]!, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_vote', blockId: blockIdOf(`retro_item_${items[i % 5]!.id}`), selectedOption: `add:${items[i % 5]!.retroId}:${items[i % 5]!.id}` }),
    );
    const results = await Promise.all(clicks);
    expect(results.filter((r) => r.failed).map((r) => [r.failure, r.ackMs])).toEqual([]);
    // Every click is acknowledged at once; the votes are counted as the listeners finish.
    const counted = async () => (await h.db.prisma.retroParticipant.findMany()).reduce((sum, p) => sum + p.votesCast, 0);
    await eventually(async () => ((await counted()) === 15 ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // refused clicks must not change anything afterwards
    const participants = await h.db.prisma.retroParticipant.findMany();
    expect(participants.map((p) => p.votesCast)).toEqual([3, 3, 3, 3, 3]);
    const votes = await h.db.prisma.retroVote.findMany();
    expect(votes.reduce((sum, v) => sum + v.count, 0)).toBe(15);
  }, 60_000);

  it('answers /retro in a direct message, and /retro help', async () => {
    const dm = await h.openDm(h.users.ada.id);
    await h.driver.command({ user: h.users.ada, channel: { id: dm }, command: '/retro', text: 'Sprint' });
    expect(h.slack.ephemerals({ user: h.users.ada.id, channel: dm }).at(-1)?.text).toMatch(/not in a direct message/);
    await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/retro', text: 'help' });
    expect(lastEphemeral(h.users.ada)).toMatch(/`\/retro &lt;title&gt;`/); // shown as typed: `/retro <title>`
  });

  it('starts an anonymous retro from the form, and stores no author', async () => {
    await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/retro', text: '' });
    const form = await h.slack.waitFor(() => h.slack.views(h.users.ada.id).at(-1));
    const refused = await h.driver.submitView({ user: h.users.ada, viewId: form.id, values: { title: { value: 'Quarter' }, format: { value: 'custom' }, columns: { value: 'Only one' } } });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { columns: expect.stringMatching(/2 to 6 columns/) } });
    await h.driver.submitView({ user: h.users.ada, viewId: form.id, values: { title: { value: 'Quarter' }, format: { value: '4ls' }, anonymity: { value: 'anonymous_all' } } });
    await h.slack.waitFor(() => board());
    await addItem(h.users.grace, 'lacked', 'Time to learn');
    await addItem(h.users.alan, 'liked', 'The offsite');
    await eventually(async () => ((await h.db.prisma.retroItem.count()) === 2 ? true : undefined));
    const rows = JSON.stringify(await h.db.prisma.retroItem.findMany());
    expect(rows).not.toContain(h.users.grace.id);
    expect(rows).not.toContain(h.users.alan.id);
    expect(JSON.stringify(h.logs)).not.toMatch(new RegExp(`${h.users.grace.id}|${h.users.alan.id}`));
  });
});
