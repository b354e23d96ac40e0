import { MENTORING_ACTION, mentoringValue } from '../../community/onboarding.views';
import { PROFILE_FIELDS, PROFILE_INPUT_ACTION } from '../../community/profile.views';
import type { LocalSlack } from '../local-slack';
import type { SlackDriver } from '../drivers/slack-driver';
import type { GivenValues } from '../view-state.builder';

/** A person of the demo workspace, with the profile they fill in on the first start. */
export interface DemoPerson {
  name: string;
  realName: string;
  tz: string;
  interests: string;
  /** Topic name → level 1–5. */
  levels: Record<string, number>;
  mentors?: string[];
  learns?: string[];
  workday?: [string, string];
  /** How they take part in mentoring, chosen on the App Home. */
  mentoring?: 'mentor' | 'mentee' | 'both';
}

export interface DemoChannel {
  name: string;
  members: string[] | 'everyone';
  isPrivate?: boolean;
  /** Guild is in it (as after `/invite @Guild`). */
  botMember?: boolean;
}

export const DEMO_TOPICS = ['accessibility', 'design systems', 'user research', 'prototyping', 'visual design'];

/** Twelve people in eleven time zones, from Los Angeles to Sydney. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London', interests: 'typography, workshops', levels: { 'design systems': 5, accessibility: 4 }, mentors: ['design systems'] },
  { name: 'grace', realName: 'Grace Hopper', tz: 'America/New_York', interests: 'prototyping tools, pairing', levels: { prototyping: 5, 'user research': 3 }, mentors: ['prototyping'], mentoring: 'mentor' },
  { name: 'alan', realName: 'Alan Turing', tz: 'Europe/London', interests: 'data visualisation', levels: { 'visual design': 2, 'user research': 4 }, learns: ['visual design'] },
  { name: 'margaret', realName: 'Margaret Hamilton', tz: 'America/Los_Angeles', interests: 'design ops, mentoring', levels: { 'design systems': 4, prototyping: 3 }, workday: ['08:00', '16:00'] },
  { name: 'katherine', realName: 'Katherine Johnson', tz: 'America/Chicago', interests: 'research ops', levels: { 'user research': 5 }, mentors: ['user research'], mentoring: 'mentor' },
  { name: 'yuki', realName: 'Yuki Tanaka', tz: 'Asia/Tokyo', interests: 'motion design, illustration', levels: { 'visual design': 5, prototyping: 2 }, learns: ['prototyping'], mentoring: 'mentee' },
  { name: 'priya', realName: 'Priya Raman', tz: 'Asia/Kolkata', interests: 'inclusive design', levels: { accessibility: 5, 'user research': 2 }, mentors: ['accessibility'], learns: ['user research'], mentoring: 'both' },
  { name: 'lars', realName: 'Lars Eriksen', tz: 'Europe/Oslo', interests: 'design tokens', levels: { 'design systems': 3 }, learns: ['accessibility'], mentoring: 'mentee' },
  { name: 'amara', realName: 'Amara Okafor', tz: 'Africa/Lagos', interests: 'service design, facilitation', levels: { 'user research': 3, prototyping: 4 } },
  { name: 'mateo', realName: 'Mateo García', tz: 'America/Sao_Paulo', interests: 'content design', levels: { accessibility: 2 }, learns: ['accessibility', 'design systems'] },
  { name: 'chloe', realName: 'Chloé Martin', tz: 'Europe/Paris', interests: 'branding, colour', levels: { 'visual design': 4, 'design systems': 2 } },
  { name: 'noah', realName: 'Noah Williams', tz: 'Australia/Sydney', interests: 'game UI', levels: { prototyping: 3, 'visual design': 3 }, workday: ['10:00', '18:00'] },
];

export const DEMO_COMMUNITY = { channel: 'design', name: 'Design guild', organiser: 'ada' } as const;

export const DEMO_CHANNELS: DemoChannel[] = [
  // The community: Guild was invited, so Slack sends it the channel's thread replies and joins.
  { name: 'design', members: ['ada', 'grace', 'alan', 'margaret', 'katherine', 'yuki', 'priya', 'lars', 'amara', 'chloe'], botMember: true },
  // Guild is not here yet: `/guild setup` makes it a community and Guild joins it.
  { name: 'engineering', members: ['grace', 'alan', 'margaret', 'katherine', 'lars', 'noah'] },
  { name: 'random', members: 'everyone' },
  { name: 'design-leads', members: ['ada', 'margaret', 'priya'], isPrivate: true },
];

/** People and channels, added to a fresh local Slack. */
export function addDemoWorkspace(slack: LocalSlack): void {
  for (const person of DEMO_PEOPLE) slack.addUser({ name: person.name, realName: person.realName, displayName: person.realName.split(' ')[0] ?? person.name, tz: person.tz, email: `${person.name}@guild.example` });
  const ids = new Map(slack.people().map((u) => [u.name, u.id]));
  for (const channel of DEMO_CHANNELS) {
    const members = channel.members === 'everyone' ? DEMO_PEOPLE.map((p) => p.name) : channel.members;
    slack.addChannel({ name: channel.name, members: members.map((n) => ids.get(n) as string), isPrivate: channel.isPrivate ?? false, botMember: channel.botMember ?? false });
  }
}

/** Puts the demo channels' memberships back as they were at the start (a reset). */
export function restoreDemoMemberships(slack: LocalSlack): void {
  const ids = new Map(slack.people().map((u) => [u.name, u.id]));
  for (const def of DEMO_CHANNELS) {
    const channel = slack.conversations().find((c) => c.name === def.name && !c.isIm && !c.isMpim);
    if (!channel) continue;
    const members = def.members === 'everyone' ? DEMO_PEOPLE.map((p) => p.name) : def.members;
    channel.members = new Set([...members.map((n) => ids.get(n) as string), ...(def.botMember ? [slack.botUserId] : [])]);
  }
}

/**
 * Guild's side of the demo, done the way people would do it, through the local Slack: Ada makes
 * #design a community and adds its topics, the others join, and everyone fills in the profile
 * form. Guild stores all of it as it would from real Slack.
 */
export async function seedGuild(slack: LocalSlack, driver: SlackDriver): Promise<void> {
  const byName = new Map(slack.people().map((u) => [u.name, u]));
  const design = slack.conversations().find((c) => c.name === DEMO_COMMUNITY.channel && !c.isIm);
  const organiser = byName.get(DEMO_COMMUNITY.organiser);
  if (!design || !organiser) throw new Error('the demo workspace is missing #design or its organiser');
  // Guild answers after its ack: each step waits for the reply the person would see.
  const seen = (user: string) => slack.ephemerals({ user, channel: design.id }).length + slack.messages(design.id).length + slack.views(user).length;
  const command = async (user: string, text: string) => {
    const before = seen(user);
    const result = await driver.command({ user, channel: design.id, command: '/guild', text });
    if (result.failed) throw new Error(`seeding: /guild ${text} failed (${result.userVisibleError ?? 'no answer'})`);
    await slack.waitFor(() => seen(user) > before, { description: `Guild's answer to /guild ${text}`, timeoutMs: 15_000 });
  };
  await command(organiser.id, `setup ${DEMO_COMMUNITY.name}`);
  await command(organiser.id, `topics add ${DEMO_TOPICS.join(', ')}`);
  const members = DEMO_PEOPLE.filter((p) => p.name !== organiser.name && design.members.has(byName.get(p.name)?.id ?? ''));
  for (const person of members) await command(byName.get(person.name)!.id, 'join');
  for (const person of DEMO_PEOPLE.filter((p) => design.members.has(byName.get(p.name)?.id ?? ''))) {
    const user = byName.get(person.name)!;
    await command(user.id, 'profile');
    const form = await slack.waitFor(() => slack.views(user.id).at(-1), { description: `${person.name}'s profile form` });
    const result = await driver.submitView({ user: user.id, viewId: form.id, values: profileValues(person, form.view.blocks) });
    if (result.failed || slack.views(user.id).length > 0) throw new Error(`seeding: ${person.name}'s profile was refused: ${JSON.stringify(result.body)}`);
    if (person.mentoring) await chooseMentoring(slack, driver, user.id, person.mentoring);
  }
}

/**
 * The mentoring menu on the person's App Home, as they would pick it there. Guild publishes
 * Homes after its ack, so another person's (after their profile) may land meanwhile: each wait is
 * for this person's own Home, and the last for the Home showing the choice.
 */
async function chooseMentoring(slack: LocalSlack, driver: SlackDriver, userId: string, role: 'mentor' | 'mentee' | 'both'): Promise<void> {
  const publishedTo = () => slack.callsTo('views.publish').filter((c) => c.ok && c.args.user_id === userId).length;
  const opened = publishedTo();
  await driver.event({ type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: String(slack.now() / 1000) });
  const home = await slack.waitFor(() => publishedTo() > opened && slack.home(userId), { description: `the App Home of ${userId}`, timeoutMs: 15_000 });
  const option = mentoringMenu(home.view.blocks)?.options.find((o) => mentoringValue.decode(o.value)?.role === role)?.value;
  if (!option) throw new Error(`seeding: no mentoring menu on the App Home of ${userId}`);
  const result = await driver.blockAction({ user: userId, viewId: home.id, actionId: MENTORING_ACTION, selectedOption: option });
  if (result.failed) throw new Error(`seeding: the mentoring choice of ${userId} failed`);
  // Guild saves the choice, then republishes the Home with it chosen.
  const shown = () => mentoringMenu(slack.home(userId)?.view.blocks ?? [])?.initial_option?.value;
  await slack.waitFor(() => shown() === option, { description: `the App Home of ${userId} after the mentoring choice`, timeoutMs: 15_000 });
}

type MenuOption = { value: string };
type MentoringMenu = { action_id?: string; options: MenuOption[]; initial_option?: MenuOption };

/** The Home's mentoring menu (in an actions block), if it has one. */
function mentoringMenu(blocks: unknown[]): MentoringMenu | undefined {
  const elements = (blocks as { elements?: MentoringMenu[] }[]).flatMap((b) => b.elements ?? []);
  return elements.find((e) => e.action_id === MENTORING_ACTION && Array.isArray(e.options));
}

/** The profile form's values for a demo person, with topic options looked up by name. */
function profileValues(person: DemoPerson, blocks: unknown[]): GivenValues {
  const topicIds = new Map<string, string>();
  for (const block of blocks as { block_id?: string; element?: { options?: { text: { text: string }; value: string }[] } }[]) {
    if (block.block_id === PROFILE_FIELDS.mentorTopics) for (const o of block.element?.options ?? []) topicIds.set(o.text.text, o.value);
  }
  const A = PROFILE_INPUT_ACTION;
  const values: GivenValues = {
    // Typed as new interests: the menu of others' interests is absent for the first person to fill
    // the form, and the field for new ones is always there.
    [PROFILE_FIELDS.newInterests]: { [A]: person.interests },
    [PROFILE_FIELDS.workdayStart]: { [A]: person.workday?.[0] ?? '09:00' },
    [PROFILE_FIELDS.workdayEnd]: { [A]: person.workday?.[1] ?? '17:00' },
    [PROFILE_FIELDS.mentorTopics]: { [A]: (person.mentors ?? []).map((t) => topicIds.get(t) ?? t) },
    [PROFILE_FIELDS.learnTopics]: { [A]: (person.learns ?? []).map((t) => topicIds.get(t) ?? t) },
  };
  for (const [topic, level] of Object.entries(person.levels)) {
    const id = topicIds.get(topic);
    if (id) values[`${PROFILE_FIELDS.levelPrefix}${id}`] = { [A]: String(level) };
  }
  return values;
}
