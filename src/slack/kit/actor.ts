import type { Actor, ChannelRef } from '../../community/community.service';

/** What Bolt's payloads say about who is acting, wherever it sits in each kind of payload. */
interface PayloadWithUser {
  team?: { id?: string } | null;
  user?: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id?: string } | null;
}

/** Who is acting, as plain ids for the domain: from a click's or a form's payload. */
export function actorOf(body: PayloadWithUser): Actor {
  const user = body.user;
  if (!user) throw new Error('payload without a user');
  const name = user.name ?? user.username;
  return { teamId: body.team?.id ?? user.team_id ?? '', userId: user.id, ...(name ? { userName: name } : {}) };
}

/** Who ran a slash command, and where. */
export function commandActor(command: { team_id: string; user_id: string; user_name: string; channel_id: string; channel_name: string }): { actor: Actor; channel: ChannelRef } {
  return {
    actor: { teamId: command.team_id, userId: command.user_id, userName: command.user_name },
    channel: { teamId: command.team_id, channelId: command.channel_id, channelName: command.channel_name },
  };
}
