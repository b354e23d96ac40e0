import { createCanvas, loadImage } from '@napi-rs/canvas';
import { DEFAULT_SIZE } from '../../src/rituals/health/charts';
import { answerValue } from '../../src/rituals/coffee/coffee.ids';
import { EVENT_HOME_BLOCK, EVENT_HOME_RSVP_ACTION, RSVP_ANSWERS, rsvpValue } from '../../src/rituals/events/events.ids';
import { actionValue, RETRO_HOME_DONE_ACTION } from '../../src/rituals/retro/retro.ids';
import { eventually } from '../support/eventually';
import { insertEvent } from '../support/event-rows';
import { guildReply, useHarness, type Harness } from '../support/guild-harness';

type Blocks = { type: string; block_id?: string; image_url?: string; text?: { text?: string }; accessory?: { action_id?: string; value?: string; options?: { value: string }[] } }[];

/**
 * Both App Home tabs over the local Slack with the real Guild: a member sees their next event,
 * coffee group, mentor and open action item and acts on each from the Home, which re-renders
 * after every click; an organiser sees their community's health with a chart Guild serves as a
 * real PNG. (test/e2e/home.test.ts covers the empty Home and the profile; coffee's and
 * mentoring's own tests cover snooze/resume and ending a mentorship.)
 */
describe('the App Home tabs', () => {
  const h = useHarness('http');

  const home = (user: { id: string }) => h.slack.home(user.id);
  const homeText = (user: { id: string }) => JSON.stringify(home(user)?.view.blocks ?? []);
  const published = () => h.slack.callsTo('views.publish').length;
  const openHome = async (user: { id: string }) => {
    const before = published();
    await h.driver.event({ type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    await h.slack.waitFor(() => published() > before, { description: 'the App Home' });
    return home(user)!;
  };
  /** Clicks on the Home as it is shown now and waits until it is published again and shows `until`. */
  const clickOnHome = async (user: { id: string }, click: { actionId: string; blockId?: string; value?: string; selectedOption?: string }, until: (text: string) => boolean, description: string) => {
    const before = published();
    await h.driver.blockAction({ user, viewId: home(user)!.id, ...click });
    await h.slack.waitFor(() => published() > before && until(homeText(user)), { description, timeoutMs: 10_000 });
  };
  const board = () => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Retro "'));

  it("lets a member see and act on their event, coffee group, mentor and action items from the Home", async () => {
    const { ada, grace, alan } = h.users;
    await guildReply(h, ada, 'setup Design guild');
    for (const person of [grace, alan]) await guildReply(h, person, 'join');
    expect(await guildReply(h, grace, 'coffee join')).toMatch(/You take part in the coffee groups/);
    const community = await h.db.prisma.community.findFirstOrThrow();

    // Two action items for Grace from a real retro, the title typed with mrkdwn's own characters.
    await startRetroWithActions(h, 'Sprint <12> & co', [
      { text: 'Write the *onboarding* doc', ownerId: grace.id, due: '2030-05-01' },
      { text: 'Tidy the backlog', ownerId: grace.id },
    ]);
    // The rest as their services store it: an event she is going to, a sent coffee round with
    // Alan, and Alan mentoring her.
    const event = await insertEvent(h.db.prisma, { communityId: community.id, title: 'Design crit', startsAt: new Date(Date.now() + 3 * 86_400_000), timeZone: 'Europe/London', hosts: [ada.id] });
    // One she has not answered: the Home offers it too.
    const unanswered = await insertEvent(h.db.prisma, { communityId: community.id, title: 'Figma clinic', startsAt: new Date(Date.now() + 4 * 86_400_000), timeZone: 'Europe/London', hosts: [ada.id] });
    await h.db.prisma.eventRsvp.create({ data: { eventId: event.id, personId: grace.id, status: 'going', answeredAt: new Date() } });
    const round = await h.db.prisma.coffeeRound.create({ data: { communityId: community.id, occurrenceKey: 'e2e-home', date: '2026-12-07', status: 'sent', sentAt: new Date() } });
    const group = await h.db.prisma.coffeeGroup.create({ data: { roundId: round.id, organiserId: grace.id, overlapMinutes: 120, members: { create: [{ personId: grace.id }, { personId: alan.id }] } } });
    await h.db.prisma.mentorMatch.create({ data: { communityId: community.id, mentorId: alan.id, menteeId: grace.id, topics: ['Figma'], score: 1, reasons: [], status: 'accepted', week: '2026-W49', acceptedAt: new Date() } });

    await openHome(grace);
    const text = homeText(grace);
    expect(text).toContain('*Design guild*');
    expect(text).toContain('Next events in your communities');
    expect(text).toMatch(/Design crit.*you: :white_check_mark: going.*Figma clinic/);
    const clinic = (home(grace)!.view.blocks as Blocks).find((b) => b.text?.text?.includes('Figma clinic'))!;
    expect(clinic.text!.text).not.toContain('you:');
    expect(clinic.accessory!.options!.map((o) => o.value)).toEqual(RSVP_ANSWERS.map((answer) => rsvpValue.encode({ eventId: unanswered.id, answer })));
    expect(text).toContain(`Your group of 2026-12-07: <@${alan.id}>`);
    expect(text).toContain(`mentored by <@${alan.id}> in Figma`);
    expect(text).toContain('Your action items');
    expect(text).toContain('_Sprint &lt;12&gt; &amp; co_ in <#');
    expect(text).toContain('· due 2030-05-01');
    expect(text).toContain('Active: not snoozed');
    expect(home(grace)!.view.blocks.length).toBeLessThanOrEqual(100);
    const actions = await h.db.prisma.retroActionItem.findMany({ orderBy: { id: 'asc' } });
    // Dated first: the doc, then the backlog.
    const doneButtons = (home(grace)!.view.blocks as Blocks).filter((b) => b.accessory?.action_id === RETRO_HOME_DONE_ACTION).map((b) => b.accessory!.value);
    expect(doneButtons).toEqual(actions.map((a) => actionValue.encode({ actionId: a.id })));

    // RSVP: "maybe" from the Home's menu.
    await clickOnHome(grace, { actionId: EVENT_HOME_RSVP_ACTION, selectedOption: rsvpValue.encode({ eventId: event.id, answer: 'maybe' }) }, (t) => t.includes('you: :grey_question: maybe'), 'the Home with the new answer');
    expect((await h.db.prisma.eventRsvp.findUniqueOrThrow({ where: { eventId_personId: { eventId: event.id, personId: grace.id } } })).status).toBe('maybe');
    // "Not going" to the one she had not answered: it stays, with her answer, to change it later.
    await clickOnHome(grace, { actionId: EVENT_HOME_RSVP_ACTION, blockId: `${EVENT_HOME_BLOCK}.${unanswered.id}`, selectedOption: rsvpValue.encode({ eventId: unanswered.id, answer: 'not_going' }) }, (t) => /Figma clinic[^"]*you: not going/.test(t), 'the Home with the event not going to');
    expect((await h.db.prisma.eventRsvp.findUniqueOrThrow({ where: { eventId_personId: { eventId: unanswered.id, personId: grace.id } } })).status).toBe('not_going');

    // Mark done: the item leaves the Home, and the retro's board shows it done.
    await clickOnHome(grace, { actionId: RETRO_HOME_DONE_ACTION, value: actionValue.encode({ actionId: actions[0]!.id }) }, (t) => !t.includes('onboarding'), 'the Home without the item done');
    expect(homeText(grace)).toContain('Tidy the backlog');
    expect((await h.db.prisma.retroActionItem.findUniqueOrThrow({ where: { id: actions[0]!.id } })).status).toBe('done');
    await h.slack.waitFor(() => JSON.stringify(board()?.blocks ?? []).match(/onboarding.*done/), { description: 'the board showing the item done', timeoutMs: 10_000 });

    // A Home shown before the item was marked elsewhere: the click is refused by DM and the Home follows.
    const stale = home(grace)!;
    await h.driver.command({ user: grace, channel: h.channel, command: '/retro', text: 'actions' });
    const listed = await h.slack.waitFor(() => h.slack.ephemerals({ user: grace.id }).find((e) => e.text.includes('Open action items')), { description: '/retro actions' });
    await h.driver.blockAction({ user: grace, channel: h.channel, messageTs: listed.ts, actionId: 'retro_review', selectedOption: `done:0:${actions[1]!.id}` });
    await eventually(async () => ((await h.db.prisma.retroActionItem.findUniqueOrThrow({ where: { id: actions[1]!.id } })).status === 'done' ? true : undefined));
    const before = published();
    await h.driver.blockAction({ user: grace, viewId: stale.id, actionId: RETRO_HOME_DONE_ACTION, value: actionValue.encode({ actionId: actions[1]!.id }) });
    const refusal = await h.slack.waitFor(() => h.slack.dms(grace.id).find((m) => m.text.startsWith('That action item was not marked done.')), { description: 'the refusal by DM' });
    expect(refusal.text).toContain('already marked done');
    await h.slack.waitFor(() => published() > before && !homeText(grace).includes('Your action items'), { description: 'the Home without action items' });

    // The coffee group: "We met", then the section says so.
    await clickOnHome(grace, { actionId: 'coffee_answer_met', value: answerValue.encode({ groupId: group.id, answer: 'met' }) }, (t) => t.includes('· you met'), 'the Home with the answer');
    expect((await h.db.prisma.coffeeGroupMember.findUniqueOrThrow({ where: { groupId_personId: { groupId: group.id, personId: grace.id } } })).answer).toBe('met');
    expect(homeText(grace)).not.toContain('We met');

    // Snooze from the Home: coffee's four weeks, then the whole profile's snooze through its form.
    await clickOnHome(grace, { actionId: 'coffee_snooze' }, (t) => t.includes('snoozed until'), 'the Home snoozed');
    const modalsBefore = h.slack.views(grace.id).length;
    await h.driver.blockAction({ user: grace, viewId: home(grace)!.id, actionId: 'guild_home_edit_profile' });
    const form = await h.slack.waitFor(() => h.slack.views(grace.id).length > modalsBefore && h.slack.views(grace.id).at(-1), { description: 'the profile form' });
    const snoozeUntil = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const publishedBefore = published();
    const saved = await h.driver.submitView({ user: grace, viewId: form.id, values: { snoozeUntil: { value: snoozeUntil } } });
    expect(saved.failed).toBe(false);
    await h.slack.waitFor(() => published() > publishedBefore && homeText(grace).includes(`Snoozed until *${snoozeUntil}*`), { description: 'the Home with the profile snoozed' });
    // Everything else she acted on is still as she left it.
    expect(homeText(grace)).toMatch(/you: :grey_question: maybe/);
  });

  it("shows an organiser their community's health with a chart Guild serves as a PNG", async () => {
    const { ada, grace } = h.users;
    await guildReply(h, ada, 'setup Design guild');
    await guildReply(h, grace, 'join');
    await guildReply(h, grace, 'coffee join');

    await openHome(ada);
    const blocks = home(ada)!.view.blocks as Blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain('Community health');
    expect(text).toMatch(/\*Design guild\*: \d+ of 2 took part this month/);
    const chart = blocks.find((b) => b.type === 'image');
    expect(chart?.image_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const response = await fetch(chart!.image_url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(DEFAULT_SIZE);
    // It decodes, and is a drawing rather than one flat colour.
    const image = await loadImage(png);
    expect({ width: image.width, height: image.height }).toEqual(DEFAULT_SIZE);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
    expect(colours.size).toBeGreaterThan(10);

    // A member's Home has no health section.
    await openHome(grace);
    expect(homeText(grace)).not.toContain('Community health');
  });
});

/** `/retro <title>` by Ada, moved on to discussing, with the action items added through the board's form. */
async function startRetroWithActions(h: Harness, title: string, actions: { text: string; ownerId: string; due?: string }[]): Promise<void> {
  const board = () => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Retro "'));
  await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/retro', text: title });
  await h.slack.waitFor(() => board(), { description: 'the retro board' });
  for (const phase of ['Items revealed', 'Voting', 'Discussing']) {
    await h.driver.blockAction({ user: h.users.ada, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_next_phase' });
    await h.slack.waitFor(() => JSON.stringify(board()?.blocks ?? []).includes(`*${phase}*`), { description: `the board ${phase}` });
  }
  for (const action of actions) {
    const before = h.slack.views(h.users.ada.id).length;
    await h.driver.blockAction({ user: h.users.ada, channel: h.channel, messageTs: board()!.ts, actionId: 'retro_add_action' });
    const form = await h.slack.waitFor(() => h.slack.views(h.users.ada.id).length > before && h.slack.views(h.users.ada.id).at(-1), { description: 'the action item form' });
    await h.driver.submitView({ user: h.users.ada, viewId: form.id, values: { text: { value: action.text }, owner: { value: action.ownerId }, ...(action.due ? { due: { value: action.due } } : {}) } });
    await h.slack.waitFor(() => JSON.stringify(board()?.blocks ?? []).includes(action.text.replace(/\*/g, '')) || JSON.stringify(board()?.blocks ?? []).includes(action.text), { description: 'the action item on the board' });
  }
}
