import type { Message, SandboxChannel, SandboxUser } from './sandbox.types';
import { BOT, TEAM } from './workspace.store';
import { tzLabel, tzOffsetSeconds } from './user-time-zone';

/** The JSON Slack's Web API and payloads use for users, conversations and messages. */

/** A user as users.info / users.list show it; `email` only with the users:read.email scope. */
export function userJson(user: SandboxUser, { email = true }: { email?: boolean } = {}): Record<string, unknown> {
  return {
    id: user.id,
    team_id: TEAM.id,
    name: user.name,
    deleted: user.deleted,
    real_name: user.realName,
    tz: user.tz,
    tz_label: tzLabel(user.tz),
    tz_offset: tzOffsetSeconds(user.tz),
    is_admin: false,
    is_owner: false,
    is_bot: user.isBot,
    is_app_user: false,
    is_restricted: false,
    is_ultra_restricted: false,
    updated: 0,
    profile: {
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      ...(user.email !== undefined && email ? { email: user.email } : {}),
      image_48: `https://avatars.guild-local.invalid/${user.id}_48.png`,
      image_72: `https://avatars.guild-local.invalid/${user.id}_72.png`,
      team: TEAM.id,
      ...(user.isBot && user.id === BOT.userId ? { bot_id: BOT.botId, api_app_id: BOT.appId } : {}),
    },
  };
}

export function conversationJson(channel: SandboxChannel, opts: { numMembers?: boolean } = {}): Record<string, unknown> {
  if (channel.isIm) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.imUser,
      is_user_deleted: false,
      priority: 0,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate && !channel.isMpim,
    is_group: channel.isPrivate && !channel.isMpim,
    is_im: false,
    is_mpim: channel.isMpim,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_member: channel.members.has(BOT.userId),
    creator: BOT.userId,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    ...(opts.numMembers ? { num_members: channel.members.size } : {}),
  };
}

/** A message as the Web API shows it; metadata only when asked for, as with `include_all_metadata`. */
export function messageJson(message: Message, options: { metadata?: boolean } = {}): Record<string, unknown> {
  const isBot = message.botId !== undefined;
  const threaded = message.replies.length > 0;
  return {
    type: 'message',
    ...(isBot ? { bot_id: message.botId, app_id: BOT.appId } : {}),
    user: message.user,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ts: message.ts,
    team: TEAM.id,
    ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
    ...(threaded
      ? {
          thread_ts: message.ts,
          reply_count: message.replies.length,
          reply_users: [...new Set(message.replies.map((r) => r.user).filter((u) => u !== undefined))],
          latest_reply: message.replies[message.replies.length - 1]?.ts,
        }
      : {}),
    ...(message.edited ? { edited: message.edited } : {}),
    ...(message.files ? { files: message.files.map((f) => ({ id: f.id, name: f.name, title: f.title })), upload: true } : {}),
    ...(isBot ? { bot_profile: { id: BOT.botId, app_id: BOT.appId, name: 'Guild', deleted: false, team_id: TEAM.id } } : {}),
    ...(options.metadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
  };
}
