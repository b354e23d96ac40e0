import { WebClient } from '@slack/web-api';
import type { PrismaClient } from '../../src/db/client';
import type { ProfileForm } from '../../src/community/profile.service';
import { profileModal } from '../../src/community/profile.views';
import { LocalSlack, TEAM, type SandboxChannel, type SandboxUser, type StoredViewJson } from '../../src/sandbox';
import type { Cleanup } from '../support/cleanup';

export const SIGNING_SECRET = 'bench-signing-secret-7c21d9';
const MEMBERS = 50;
const TIME_ZONE = 'Europe/London';
const TOPICS = ['Accessibility', 'Code review', 'Design systems', 'Kotlin', 'Testing', 'TypeScript'];

export interface AckWorkspace {
  slack: LocalSlack;
  channel: SandboxChannel;
  /** Members of the channel's community; submissions rotate through them. */
  members: SandboxUser[];
  /** The profile modal as the local Slack stored it when Guild's view was opened. */
  profileView: StoredViewJson;
  topicIds: number[];
}

/**
 * A local Slack (never the bottleneck: no rate limits, no call log) and a community of 50 members
 * with six topics, so every profile save touches real rows. Several members rather than one, as
 * in a real workspace: one person saving 200 times a second would only measure a row lock.
 */
export async function startAckWorkspace(prisma: PrismaClient, cleanup: Cleanup): Promise<AckWorkspace> {
  const slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET, rateLimits: { enabled: false }, recordCalls: false });
  cleanup.add('stop local Slack', () => slack.stop());
  const members = Array.from({ length: MEMBERS }, (_, i) => slack.addUser({ name: `member${i}`, realName: `Member ${i}`, tz: TIME_ZONE }));
  const channel = slack.addChannel({ name: 'design-practice', members: members.map((m) => m.id) });
  const organiser = members[0];
  if (!organiser) throw new Error('no members');

  await prisma.person.createMany({ data: members.map((m) => ({ id: m.id, teamId: TEAM.id, displayName: m.name, slackTimeZone: TIME_ZONE })) });
  const community = await prisma.community.create({
    data: {
      teamId: TEAM.id,
      channelId: channel.id,
      name: 'Design practice',
      timeZone: TIME_ZONE,
      createdBy: organiser.id,
      memberships: { create: members.map((m) => ({ personId: m.id, role: m === organiser ? 'organiser' : 'member' })) },
    },
  });
  await prisma.topic.createMany({ data: TOPICS.map((name) => ({ communityId: community.id, name, key: name.toLowerCase() })) });
  const topics = await prisma.topic.findMany({ where: { communityId: community.id }, orderBy: { key: 'asc' } });

  // Guild's own modal, opened through the Web API, so the submitted view is shaped as Slack stores it.
  const form: ProfileForm = {
    timeZone: TIME_ZONE,
    pinned: false,
    slackTimeZone: TIME_ZONE,
    workdayStart: 540,
    workdayEnd: 1020,
    interests: [],
    interestSuggestions: [],
    community: { id: community.id, name: community.name, topics: topics.map((t) => ({ id: t.id, name: t.name, canMentor: false, wantsToLearn: false })) },
  };
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  await client.views.open({ trigger_id: slack.issueTriggerId(organiser.id), view: profileModal(form) });
  const opened = slack.views(organiser.id)[0];
  if (!opened) throw new Error('the local Slack did not keep the opened profile modal');
  return { slack, channel, members, profileView: opened.view, topicIds: topics.map((t) => t.id) };
}
