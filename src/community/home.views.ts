import type { HomeView, KnownBlock } from '@slack/types';
import { clipMrkdwn, mrkdwnText, SECTION_TEXT_MAX } from '../slack/kit/text';
import { shortZone } from '../time/zone-search';
import { JOIN_ACTION, joinValue, optInBlocks, optInsInWords } from './onboarding.views';
import { formatMinutes } from './profile.schema';
import type { HomeSummary } from './profile.service';

export const EDIT_PROFILE_ACTION = 'guild_home_edit_profile';
/** How much of a community's name the Home tab shows, counted escaped. */
const NAME_SHOWN = 150;
/** The profile form takes time zones of at most 64 characters. */
const TIME_ZONE_SHOWN = 64;
/** Each community with opt-ins takes two blocks; the Home holds 100, rituals add their own. */
const COMMUNITIES_WITH_OPT_INS = 15;
const JOINABLE_SHOWN = 5;

/** Who sees what: the promise the Home makes, in plain words. */
export const WHO_SEES_WHAT =
  'Who sees what: members of your communities see your interests and the topics you mentor or want to learn, so they can find you. ' +
  'Organisers see your opt-ins, and your levels only as counts (how many people are at each level), never yours. ' +
  'Your time zone and working hours only choose times; nobody is shown them.';

const list = (names: string[] | undefined) => (names && names.length ? names.map((n) => mrkdwnText(n, 60)).join(', ') : 'none');

/**
 * The App Home: where someone belongs and what they take part in (changeable here), what Guild
 * knows about them and who sees it, and communities they could join.
 */
export function homeView(home: HomeSummary, now = new Date()): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your communities' } }];
  if (home.communities.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'You are not in a community yet. Join one below, run `/guild join` in a community\'s channel, or `/guild setup` to start one.' } });
  }
  home.communities.forEach((c, i) => {
    const line = `<#${c.channelId}> *${mrkdwnText(c.name, NAME_SHOWN)}*${c.organiser ? ' · organiser' : ''}`;
    if (c.id === undefined || !c.optIns || i >= COMMUNITIES_WITH_OPT_INS) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line } });
      return;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${line}\nYou take part in: ${optInsInWords(c.optIns)}.` } });
    blocks.push(...optInBlocks({ id: c.id, name: c.name, channelId: c.channelId }, c.optIns));
  });

  const zone = home.timeZone
    ? `${mrkdwnText(shortZone(home.timeZone, now), TIME_ZONE_SHOWN + 20)}${home.pinned ? ' (you pinned it)' : ' (Slack\'s, followed when you travel)'}`
    : 'Slack\'s, once Guild has seen you';
  const hours = home.workdayStart !== undefined && home.workdayEnd !== undefined ? `${formatMinutes(home.workdayStart)}–${formatMinutes(home.workdayEnd)}` : '09:00–17:00';
  const profile = [
    `Time zone: *${zone}*`,
    `Working hours: *${hours}*`,
    `Interests: ${list(home.interests)}`,
    `Mentoring: ${list(home.mentors)}  ·  Learning: ${list(home.learns)}  ·  Levels given: ${home.levelsGiven ?? 0}`,
    home.snoozeUntil ? `Snoozed until *${home.snoozeUntil}*` : 'Active: not snoozed',
  ].join('\n');
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: 'What Guild knows about you' } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clipMrkdwn(profile, SECTION_TEXT_MAX) },
      accessory: { type: 'button', action_id: EDIT_PROFILE_ACTION, text: { type: 'plain_text', text: 'Edit profile' } },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: WHO_SEES_WHAT }] },
  );

  const joinable = (home.joinable ?? []).slice(0, JOINABLE_SHOWN);
  if (joinable.length) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Communities you could join' } });
    for (const c of joinable) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `<#${c.channelId}> *${mrkdwnText(c.name, NAME_SHOWN)}*` },
        accessory: { type: 'button', action_id: JOIN_ACTION, text: { type: 'plain_text', text: 'Join' }, value: joinValue.encode({ communityId: c.id }) },
      });
    }
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '`/guild help` lists every command.' }] });
  return { type: 'home', blocks };
}
