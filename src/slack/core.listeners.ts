import type { Core } from '../core';
import { EDIT_PROFILE_ACTION } from '../community/home.views';
import { PROFILE_CALLBACK_ID, PROFILE_ZONE_ACTION } from '../community/profile.views';
import type { Ritual } from '../rituals/ritual';
import { guildCommandListener } from './guild-command.listener';
import { onEditProfileClick, onHomeOpened } from './home.listener';
import type { SlackKit } from './kit/kit';
import { onMemberJoinedChannel, onThreadReply, onUserChange } from './membership-events.listener';
import { onProfileForm, onZoneOptions } from './profile.listener';
import { onJoinClick, onMentoringChange, onOptInsChange, onProfileSetupClick } from './onboarding.listener';
import { JOIN_ACTION, MENTORING_ACTION, OPT_INS_ACTION, PROFILE_SETUP_ACTION } from '../community/onboarding.views';

/** Guild's own Slack surface, shared by every ritual: `/guild`, the profile, the App Home, events. */
export function registerCoreListeners(kit: SlackKit, core: Core, rituals: Ritual[]): void {
  const { community, profile, schedules, logger } = core;
  kit.command('/guild', guildCommandListener({ community, profile, schedules, logger, rituals: rituals.map((r) => r.help), ritualCommands: rituals.flatMap((r) => r.guildCommands ?? []) }));
  kit.view(PROFILE_CALLBACK_ID, onProfileForm({ profile, kit }));
  kit.options(PROFILE_ZONE_ACTION, onZoneOptions());
  kit.event('app_home_opened', onHomeOpened({ profile, kit, rituals }));
  kit.action(EDIT_PROFILE_ACTION, onEditProfileClick({ profile, kit }));
  const onboarding = { community, profile, kit, rituals };
  kit.action(JOIN_ACTION, onJoinClick(onboarding));
  kit.action(PROFILE_SETUP_ACTION, onProfileSetupClick(onboarding));
  kit.action(OPT_INS_ACTION, onOptInsChange(onboarding));
  kit.action(MENTORING_ACTION, onMentoringChange(onboarding));
  kit.event('user_change', onUserChange({ community, logger }));
  kit.event('member_joined_channel', onMemberJoinedChannel({ community }));
  kit.event('message', onThreadReply({ rituals }));
}
