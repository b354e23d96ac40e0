import type { Core } from '../../core';
import type { HttpRoute } from '../../slack/http-routes';
import type { CommandContext, CommandReply } from '../../slack/kit/command';
import { clip, mrkdwnText } from '../../slack/kit/text';
import type { HelpEntry, RitualSubcommand } from '../ritual';
import { CalendarFeeds } from './events.feeds';
import { calendarRoutes } from './events.http';

export const CALENDAR_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild calendar', example: '/guild calendar', what: 'Privately: the link to subscribe to this community\'s events in Google Calendar, Outlook or Apple Calendar.' },
  { usage: '/guild calendar rotate', example: '/guild calendar rotate', what: 'Organisers: replace the calendar link (the old one stops working at once).' },
];

/** What the events ritual takes from the calendar part: `/guild calendar`, the HTTP routes, the feeds service. */
export interface CalendarParts {
  guildCommands: RitualSubcommand[];
  httpRoutes: HttpRoute[];
  feeds: CalendarFeeds;
  help: HelpEntry[];
  /** The absolute, signed URL of one event's `.ics` (for its announcement and reminders). */
  eventUrl(eventId: number): string;
}

type CalendarCore = Pick<Core, 'prisma' | 'secret' | 'now' | 'community' | 'links'>;

export function calendarParts(core: CalendarCore): CalendarParts {
  const feeds = new CalendarFeeds({ prisma: core.prisma, secret: core.secret, now: core.now });
  return {
    guildCommands: [calendarSubcommand(core, feeds)],
    httpRoutes: calendarRoutes({ feeds, now: core.now }),
    feeds,
    help: CALENDAR_HELP_ENTRIES,
    eventUrl: (eventId) => core.links.to(feeds.eventLink(eventId)),
  };
}

/** `/guild calendar` (anyone in the community's channel) and `/guild calendar rotate` (organisers). */
export function calendarSubcommand(core: CalendarCore, feeds: CalendarFeeds): RitualSubcommand {
  const show = async ({ channel }: CommandContext): Promise<CommandReply> => {
    const community = await core.community.requireCommunity(channel);
    return { text: subscribeText(community.name, core.links.to(feeds.feedPath(await feeds.token(community.id)))) };
  };
  const rotate = async ({ channel, actor }: CommandContext): Promise<CommandReply> => {
    const community = await core.community.requireCommunity(channel);
    await core.community.requireOrganiser(community.id, actor.userId, 'replace the calendar link');
    return { text: rotatedText(community.name, core.links.to(feeds.feedPath(await feeds.rotate(community.id)))) };
  };
  return {
    words: ['calendar'],
    parse(rest) {
      const word = rest[0]?.toLowerCase();
      if (rest.length === 0) return { ok: true, command: show };
      if (rest.length === 1 && word === 'rotate') return { ok: true, command: rotate };
      return { ok: false, problem: `I don't know \`/guild calendar ${clip(rest.join(' '), 30)}\`. Use \`/guild calendar\` for the link, or \`/guild calendar rotate\` (organisers) to replace it.` };
    },
  };
}

const HOW_TO_SUBSCRIBE = [
  '• *Google Calendar*: Other calendars → + → From URL, paste the link.',
  '• *Outlook*: Add calendar → Subscribe from web, paste the link.',
  '• *Apple Calendar*: File → New Calendar Subscription, paste the link.',
].join('\n');

export function subscribeText(communityName: string, url: string): string {
  return [
    `The *${mrkdwnText(communityName, 80)}* events calendar: ${url}`,
    'Subscribe to it and every event, change and cancellation shows up in your calendar, at your own local time:',
    HOW_TO_SUBSCRIBE,
    'Calendar apps refresh subscriptions on their own schedule (Google every few hours). The link is the key: anyone who has it sees the events, so keep it to the community.',
  ].join('\n');
}

export function rotatedText(communityName: string, url: string): string {
  return [
    `New calendar link for *${mrkdwnText(communityName, 80)}*: ${url}`,
    'The old link stopped working: calendars subscribed with it no longer update. Share the new one with the community (anyone can get it with `/guild calendar`).',
  ].join('\n');
}
