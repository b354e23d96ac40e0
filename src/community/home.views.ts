import type { HomeView, KnownBlock } from '@slack/types';
import { clipMrkdwn, mrkdwnText } from '../slack/kit/text';
import { formatMinutes } from './profile.schema';
import type { HomeSummary } from './profile.service';

export const EDIT_PROFILE_ACTION = 'guild_home_edit_profile';
/** How much of a community's name the Home tab shows, counted escaped. */
const NAME_SHOWN = 150;
/** The profile form takes time zones of at most 64 characters. */
const TIME_ZONE_SHOWN = 64;
/** Slack's limit on a section block's text (Block Kit reference, section block). */
const SECTION_TEXT_MAX = 3000;

/** The App Home: where someone belongs, how Guild sees them, and a way to change it. */
export function homeView(home: HomeSummary): HomeView {
  const communities = home.communities.length
    ? clipMrkdwn(home.communities.map((c) => `• <#${c.channelId}> *${mrkdwnText(c.name, NAME_SHOWN)}*${c.organiser ? ' · organiser' : ''}`).join('\n'), SECTION_TEXT_MAX)
    : 'You are not in a community yet. Run `/guild join` in a community\'s channel, or `/guild setup` to start one.';
  const profile = home.timeZone
    ? [
        `Time zone: *${mrkdwnText(home.timeZone, TIME_ZONE_SHOWN)}*`,
        home.workdayStart !== undefined && home.workdayEnd !== undefined ? `Working hours: *${formatMinutes(home.workdayStart)}–${formatMinutes(home.workdayEnd)}*` : undefined,
        home.snoozeUntil ? `Snoozed until *${home.snoozeUntil}*` : 'Active',
      ]
        .filter(Boolean)
        .join('  ·  ')
    : 'No profile yet.';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your communities' } },
    { type: 'section', text: { type: 'mrkdwn', text: communities } },
    { type: 'header', text: { type: 'plain_text', text: 'Your profile' } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: profile },
      accessory: { type: 'button', action_id: EDIT_PROFILE_ACTION, text: { type: 'plain_text', text: 'Edit profile' } },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: '`/guild help` lists every command.' }] },
  ];
  return { type: 'home', blocks };
}
