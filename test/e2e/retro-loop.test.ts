import { eventually } from '../support/eventually';
import { guildReply, useHarness } from '../support/guild-harness';

/** What five people see and do over the local Slack, start to close and into the next retro. */
describe.each(['http', 'socket'] as const)('/retro, the whole loop (%s)', (transport) => {
  const h = useHarness(transport, { logLevel: 'debug' });
  let katherine: { id: string } | undefined;
  const people = () => {
    katherine ??= h.slack.addUser({ name: 'katherine', tz: 'America/Chicago' });
    h.slack.channel(h.channel.id)?.members.add(katherine.id);
    return { ada: h.users.ada, grace: h.users.grace, alan: h.users.alan, margaret: h.users.margaret, katherine };
  };

  const boards = () => h.slack.messages(h.channel.id).filter((m) => m.text.startsWith('Retro "'));
  const board = () => boards().at(-1)!;
  const boardText = () => JSON.stringify(board()?.blocks ?? []);
  /** The board's block ids change with every edit (`retro_item_7.r<revision>`): the one shown now. */
  const blockIdOf = (base: string) => (board()?.blocks as { block_id?: string }[] | undefined)?.find((b) => b.block_id?.startsWith(`${base}.`))?.block_id;
  const lastEphemeral = (user: { id: string }) => h.slack.ephemerals({ user: user.id }).at(-1)?.text ?? '';
  const latestView = (user: { id: string }, before: number) => h.slack.waitFor(() => h.slack.views(user.id).length > before && h.slack.views(user.id).at(-1));
  const click = (user: { id: string }, actionId: string, extra: { blockId?: string; selectedOption?: string } = {}) =>
    h.driver.blockAction({ user, channel: h.channel, messageTs: board().ts, actionId, ...extra });
  const phaseIs = (phase: string) => eventually(async () => ((await h.db.prisma.retro.findFirst({ orderBy: { id: 'desc' } }))?.phase === phase ? true : undefined));
  const next = async (user: { id: string }, to: string, label: string) => {
    await click(user, 'retro_next_phase');
    await phaseIs(to);
    await h.slack.waitFor(() => boardText().includes(label), { timeoutMs: 10_000, description: `the board showing ${label}` });
  };
  const addItem = async (user: { id: string }, column: string, text: string) => {
    const before = h.slack.views(user.id).length;
    await click(user, 'retro_add_item');
    const modal = await latestView(user, before);
    const result = await h.driver.submitView({ user, viewId: modal.id, values: { column: { value: column }, text: { value: text } } });
    expect(result.failed).toBe(false);
  };
  const retroItems = () => h.db.prisma.retroItem.findMany({ orderBy: { id: 'asc' } });

  it('runs an anonymous retro that leaves no author in any table, log line, message or export', async () => {
    const { ada, grace, alan, margaret, katherine: kat } = people();
    const authors = [grace, alan, margaret, kat];
    // Ada facilitates; the four others write the items (so Ada's id may appear, as facilitator).
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: '' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).at(-1));
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Quarter' }, budget: { value: '3' }, cap: { value: '4' }, threshold: { value: '0' } } });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { cap: 'The votes per item are a whole number from 1 to the budget (3).', threshold: expect.stringMatching(/1 to 100/) } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Quarter' }, anonymity: { value: 'anonymous_all' }, budget: { value: '3' }, cap: { value: '2' }, threshold: { value: '3' } } });
    await h.slack.waitFor(() => boards().length === 1);
    expect(boardText()).toContain('items show once 3 people have added one');

    await addItem(grace, 'sad', 'Releases keep slipping');
    await addItem(alan, 'happy', 'The new CI is fast');
    await eventually(async () => ((await retroItems()).length === 2 ? true : undefined));
    await click(ada, 'retro_next_phase');
    await h.slack.waitFor(() => lastEphemeral(ada).includes('so far 2 have'));
    await addItem(margaret, 'meh', 'Too many tools');
    await addItem(kat, 'sad', 'Onboarding docs are stale');
    await h.slack.waitFor(() => boardText().includes('4 contributors'), { timeoutMs: 10_000 });
    await next(ada, 'reveal', 'Items revealed');
    expect(boardText()).toContain('Releases keep slipping');
    await next(ada, 'vote', 'Voting');

    const items = await retroItems();
    const byText = (t: string) => items.find((i) => i.text === t)!;
    const vote = (user: { id: string }, text: string) =>
      click(user, 'retro_vote', { blockId: blockIdOf(`retro_item_${byText(text).id}`), selectedOption: `add:${byText(text).retroId}:${byText(text).id}` });
    await vote(grace, 'Releases keep slipping');
    await vote(grace, 'Releases keep slipping');
    await h.slack.waitFor(() => lastEphemeral(grace).includes('1 vote left'), { timeoutMs: 10_000 });
    await vote(grace, 'Releases keep slipping'); // the per-item cap is 2
    await h.slack.waitFor(() => lastEphemeral(grace).includes('at most 2 votes on one item'));
    for (const person of [grace, alan, margaret, kat]) await vote(person, 'Onboarding docs are stale');
    await eventually(async () => ((await h.db.prisma.retroVote.aggregate({ _sum: { count: true } }))._sum.count === 6 ? true : undefined));
    await next(ada, 'discuss', 'Discussing');

    // The voted items got discussion threads; a reply becomes a note.
    const thread = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.includes('*Discuss* (4 votes') && m));
    expect(thread.text).toContain('Onboarding docs are stale');
    await h.driver.message({ user: alan, channel: h.channel, threadTs: thread.ts, text: 'Pair new joiners with a buddy' });
    await eventually(async () => ((await h.db.prisma.retroNote.count()) === 1 ? true : undefined));
    await h.slack.waitFor(() => boardText().includes('1 note'), { timeoutMs: 10_000 });

    // An action item owned by the facilitator, then close.
    const before = h.slack.views(ada.id).length;
    await click(ada, 'retro_add_action');
    const actionForm = await latestView(ada, before);
    await h.driver.submitView({ user: ada, viewId: actionForm.id, values: { text: { value: 'Rewrite the onboarding guide' }, owner: { value: ada.id } } });
    await h.slack.waitFor(() => boardText().includes('Rewrite the onboarding guide'), { timeoutMs: 10_000 });
    await next(ada, 'closed', 'Closed');
    const summary = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Retro *Quarter* closed') && m));
    expect(summary.text).toBe('Retro *Quarter* closed: 4 people took part, 4 items, 6 votes. 1 action item.');

    // Exports, sent to Ada by DM.
    const retroId = items[0]!.retroId;
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: `export ${retroId}` });
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: `export ${retroId} csv` });
    const exports = await h.slack.waitFor(() => h.slack.files().length === 2 && h.slack.files());
    const markdown = exports.find((f) => f.name === `retro-${retroId}.md`)!.content.toString('utf8');
    const csv = exports.find((f) => f.name === `retro-${retroId}.csv`)!.content.toString('utf8');
    expect(markdown).toContain('- Onboarding docs are stale — 4 votes');
    expect(markdown).toContain('  - Pair new joiners with a buddy');
    expect(csv).toContain('note,Sad,Pair new joiners with a buddy,,,,,');

    // Nothing Guild stored, logged, posted or exported names an author.
    const tables = await h.db.prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    // People and memberships are the directory of who is in the community, not of who wrote what.
    const dumped = tables.map((t) => t.tablename).filter((t) => !['Person', 'Membership', '_prisma_migrations'].includes(t));
    expect(dumped).toEqual(expect.arrayContaining(['Retro', 'RetroItem', 'RetroVote', 'RetroParticipant', 'RetroNote', 'RetroActionItem', 'OutboundMessage', 'Job']));
    const rows = await Promise.all(dumped.map((t) => h.db.prisma.$queryRawUnsafe(`SELECT * FROM "${t}"`)));
    const database = JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    // What Guild posted (people's own thread replies are theirs, and Slack shows who wrote them).
    const sentByGuild = [...h.slack.messages(h.channel.id), ...h.slack.dms(ada.id)]
      .flatMap((m) => [m, ...m.replies])
      .filter((m) => m.botId)
      .map(({ replies: _replies, ...m }) => m);
    expect(sentByGuild.length).toBeGreaterThan(3);
    const ephemerals = authors.concat([ada]).flatMap((p) => h.slack.ephemerals({ user: p.id }));
    const seen = { database, logs: JSON.stringify(h.logs), messages: JSON.stringify(sentByGuild), ephemerals: JSON.stringify(ephemerals.map((e) => [e.text, e.blocks])), markdown, csv };
    // The check reads real content: the items, the facilitator's id, the retro's log lines.
    expect(database).toContain('Releases keep slipping');
    expect(database).toContain(ada.id);
    expect(seen.logs).toContain('retro phase changed');
    expect(h.logs.length).toBeGreaterThan(20); // debug lines were written and read
    for (const author of authors) {
      for (const [where, text] of Object.entries(seen)) expect({ author: author.id, where, leaks: text.includes(author.id) }).toEqual({ author: author.id, where, leaks: false });
    }
  }, 90_000);

  it('carries action items into the next retro, where they are done, carried over or dropped', async () => {
    const { ada, grace, alan } = people();
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: 'Sprint 1' });
    await h.slack.waitFor(() => boards().length === 1);
    await addItem(grace, 'sad', 'Flaky tests');
    await eventually(async () => ((await retroItems()).length === 1 ? true : undefined));
    await next(ada, 'reveal', 'Items revealed');
    await next(ada, 'vote', 'Voting');
    await next(ada, 'discuss', 'Discussing');
    for (const [text, owner] of [['Quarantine flaky tests', alan], ['Add a retry budget', grace], ['Buy a bigger CI box', alan]] as const) {
      const before = h.slack.views(ada.id).length;
      await click(ada, 'retro_add_action');
      const form = await latestView(ada, before);
      await h.driver.submitView({ user: ada, viewId: form.id, values: { text: { value: text }, owner: { value: owner.id } } });
      await h.slack.waitFor(() => boardText().includes(text), { timeoutMs: 10_000 });
    }
    // Grace may not close Ada's retro; Ada hands it over to her, and then she may.
    await click(grace, 'retro_next_phase');
    await h.slack.waitFor(() => lastEphemeral(grace).includes('Only the facilitator'));
    const before = h.slack.views(ada.id).length;
    await click(ada, 'retro_handover');
    const handover = await latestView(ada, before);
    await h.driver.submitView({ user: ada, viewId: handover.id, values: { facilitator: { value: grace.id } } });
    await h.slack.waitFor(() => boardText().includes(`facilitated by <@${grace.id}>`), { timeoutMs: 10_000 });
    await next(grace, 'closed', 'Closed');

    await h.driver.command({ user: alan, channel: h.channel, command: '/retro', text: 'history' });
    await h.slack.waitFor(() => lastEphemeral(alan).includes('*Retros in this channel*'));
    expect(lastEphemeral(alan)).toMatch(/Sprint 1 — closed \d{4}-\d\d-\d\d: 1 person, 1 item, 0 of 3 action items done/);

    // The next retro opens with them, and their owners hear so by DM.
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: 'Sprint 2' });
    await h.slack.waitFor(() => boards().length === 2 && boardText().includes('From earlier retros'), { timeoutMs: 10_000 });
    await h.slack.waitFor(() => h.slack.dms(alan.id).some((m) => m.text.includes('*Sprint 2* has started')), { timeoutMs: 10_000 });
    const actions = await h.db.prisma.retroActionItem.findMany({ orderBy: { id: 'asc' } });
    const second = (await h.db.prisma.retro.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    const review = (user: { id: string }, decision: string, index: number) =>
      click(user, 'retro_review', { blockId: blockIdOf(`retro_review_${actions[index]!.id}`), selectedOption: `${decision}:${second}:${actions[index]!.id}` });
    await review(h.users.margaret, 'done', 0); // not the owner, facilitator or an organiser
    await h.slack.waitFor(() => lastEphemeral(h.users.margaret).includes('Only its owner'));
    await review(ada, 'carry', 0);
    await review(grace, 'done', 1);
    await review(alan, 'drop', 2);
    await h.slack.waitFor(() => boardText().includes('carried over') && boardText().includes(':white_check_mark: done') && boardText().includes('dropped'), { timeoutMs: 10_000 });
    const after = await h.db.prisma.retroActionItem.findMany({ orderBy: { id: 'asc' } });
    expect(after.map((a) => [a.text, a.status, a.retroId === second])).toEqual([
      ['Quarantine flaky tests', 'carried', false],
      ['Add a retry budget', 'done', false],
      ['Buy a bigger CI box', 'dropped', false],
      ['Quarantine flaky tests', 'open', true],
    ]);

    // /retro actions lists what is still open, and its owner can mark it done from there.
    await h.driver.command({ user: alan, channel: h.channel, command: '/retro', text: 'actions' });
    const listed = await h.slack.waitFor(() => h.slack.ephemerals({ user: alan.id }).find((e) => e.text.startsWith('*Open action items*')));
    expect(listed.text).toContain('Quarantine flaky tests');
    expect(listed.text).not.toContain('Add a retry budget');
    await h.driver.blockAction({ user: alan, channel: h.channel, actionId: 'retro_review', blockId: `retro_open_${after[3]!.id}`, selectedOption: `done:0:${after[3]!.id}`, messageTs: listed.ts });
    await eventually(async () => ((await h.db.prisma.retroActionItem.findUniqueOrThrow({ where: { id: after[3]!.id } })).status === 'done' ? true : undefined));
  }, 90_000);

  it('schedules recurring retros from a form, for organisers only', async () => {
    const { ada, grace } = people();
    // Refused before a form opens: the channel is no community yet.
    await h.driver.command({ user: grace, channel: h.channel, command: '/retro', text: 'schedule' });
    await h.slack.waitFor(() => lastEphemeral(grace).includes('/guild setup'), { description: 'the refusal before setup' });
    expect(h.slack.views(grace.id)).toHaveLength(0);

    await guildReply(h, ada, 'setup');
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: 'schedule' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).at(-1));
    expect(JSON.stringify(form.view.blocks)).toContain('"initial_value":"Europe/London"'); // Ada's own zone
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: { time_zone: { value: 'Atlantis/Central' }, title: { value: ' ' } } });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { time_zone: expect.stringMatching(/not a time zone/), title: expect.stringMatching(/1 to 120/) } });
    const accepted = await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Design retro' }, every: { value: '2' }, weekday: { value: 'tu' }, time: { value: '10:30' } } });
    expect(accepted.failed).toBe(false);
    const notice = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.includes('scheduled retros here')));
    expect(notice.text).toMatch(/every 2 weeks on Tuesday at 10:30 \(Europe\/London\)/i);
    const schedule = await h.db.prisma.schedule.findFirstOrThrow();
    expect(schedule).toMatchObject({ kind: 'retro.start', name: 'Retro: Design retro', status: 'active' });
    expect(await h.db.prisma.job.count({ where: { kind: 'retro.next.reminder', scheduleId: schedule.id } })).toBe(1);
    expect(await guildReply(h, grace, 'schedules')).toContain('Retro: Design retro');

    // Someone who is not an organiser is told so instead of getting the form.
    await h.driver.command({ user: grace, channel: h.channel, command: '/retro', text: 'schedule' });
    await h.slack.waitFor(() => lastEphemeral(grace).includes('organisers can schedule retros'), { description: 'the refusal for a member' });
    expect(h.slack.views(grace.id)).toHaveLength(0);
  });

  it('starts an async retro with deadlines from the form, refusing impossible ones', async () => {
    const { ada } = people();
    await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text: '' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).at(-1));
    const inSeconds = (s: number) => String(Math.floor(Date.now() / 1000) + s);
    const past = await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Async' }, collect_until: { value: inSeconds(-60) } } });
    expect(past.body).toMatchObject({ response_action: 'errors', errors: { collect_until: 'Collecting has to end in the future.' } });
    const backwards = await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Async' }, collect_until: { value: inSeconds(7200) }, vote_until: { value: inSeconds(3600) } } });
    expect(backwards.body).toMatchObject({ response_action: 'errors', errors: { vote_until: 'Voting has to end after collecting does.' } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: { title: { value: 'Async' }, collect_until: { value: inSeconds(3600) }, vote_until: { value: inSeconds(7200) } } });
    await h.slack.waitFor(() => boards().length === 1);
    expect(boardText()).toMatch(/collecting until <!date\^\d+/);
    const retro = await h.db.prisma.retro.findFirstOrThrow();
    expect(await h.db.prisma.job.findMany({ where: { kind: 'retro.phase.deadline' }, orderBy: { runAt: 'asc' } })).toEqual([
      expect.objectContaining({ key: `retro:${retro.id}:deadline:collect`, runAt: retro.collectUntil }),
      expect.objectContaining({ key: `retro:${retro.id}:deadline:vote`, runAt: retro.voteUntil }),
    ]);
  });

  it('answers malformed /retro subcommands with what to type', async () => {
    const { ada } = people();
    for (const [text, answer] of [
      ['history two', /`\/retro history &lt;page&gt;`/],
      ['export 12 pdf', /"pdf" is neither/],
      ['export', /No retro has closed in this channel yet/],
      ['export 999', /no retro #999 in this channel/],
    ] as const) {
      await h.driver.command({ user: ada, channel: h.channel, command: '/retro', text });
      await h.slack.waitFor(() => answer.test(lastEphemeral(ada)), { description: `an answer to /retro ${text}` });
    }
  });
});

