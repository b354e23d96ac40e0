import type { JsonObject } from './block-kit';
import type { Message, SandboxChannel, SandboxUser, StoredViewJson } from './sandbox.types';
import { messageJson } from './slack-json';
import type { StateValues } from './view-state.builder';
import { BOT, TEAM } from './workspace.store';

/** Slack sends this legacy verification token in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'sandbox-verification-token';

const team = { id: TEAM.id, domain: TEAM.domain };

function userRef(user: SandboxUser): JsonObject {
  return { id: user.id, username: user.name, name: user.name, team_id: TEAM.id };
}

/**
 * The channel name Slack puts in commands and interactions: `directmessage` in a DM, and
 * `privategroup` in a private channel (its real name is only available through
 * conversations.info); a group DM keeps its mpdm-… name.
 */
export function payloadChannelName(channel: SandboxChannel): string {
  if (channel.isIm) return 'directmessage';
  if (channel.isPrivate && !channel.isMpim) return 'privategroup';
  return channel.name;
}

function channelRef(channel: SandboxChannel): JsonObject {
  return { id: channel.id, name: payloadChannelName(channel) };
}

export interface CommandInput {
  user: SandboxUser;
  channel: SandboxChannel;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

/** The form fields of a slash command, in Slack's order. */
export function commandFields(input: CommandInput): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channel.id,
    channel_name: payloadChannelName(input.channel),
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: BOT.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export interface BlockActionInput {
  user: SandboxUser;
  action: JsonObject;
  triggerId: string;
  channel?: SandboxChannel | undefined;
  message?: Message | undefined;
  view?: StoredViewJson | undefined;
  viewState?: StateValues | undefined;
  responseUrl?: string | undefined;
}

export function blockActionsPayload(input: BlockActionInput): JsonObject {
  const { message, view, channel } = input;
  const container: JsonObject = view
    ? { type: 'view', view_id: view.id }
    : { type: 'message', message_ts: message?.ts, channel_id: channel?.id, is_ephemeral: false };
  return {
    type: 'block_actions',
    user: userRef(input.user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    container,
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    ...(channel ? { channel: channelRef(channel) } : {}),
    ...(message ? { message: messageJson(message) } : {}),
    ...(view ? { view: { ...view, state: { values: input.viewState ?? {} } } } : {}),
    ...(input.viewState && !view ? { state: { values: input.viewState } } : {}),
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: [input.action],
  };
}

export function viewSubmissionPayload(user: SandboxUser, view: StoredViewJson, values: StateValues, triggerId: string): JsonObject {
  return {
    type: 'view_submission',
    team,
    user: userRef(user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view: { ...view, state: { values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(user: SandboxUser, view: StoredViewJson, isCleared: boolean): JsonObject {
  return {
    type: 'view_closed',
    team,
    user: userRef(user),
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    view,
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function eventCallback(event: JsonObject, eventId: string, eventTs: string): JsonObject {
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM.id,
    context_team_id: TEAM.id,
    context_enterprise_id: null,
    api_app_id: BOT.appId,
    event: { event_ts: eventTs, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Number(eventTs)),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
  };
}

export function urlVerification(challenge: string): JsonObject {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' };
}

export interface BlockSuggestionInput {
  user: SandboxUser;
  actionId: string;
  blockId: string;
  /** What the person has typed in the menu so far. */
  value: string;
  view?: StoredViewJson | undefined;
  viewState?: StateValues | undefined;
  channel?: SandboxChannel | undefined;
  message?: Message | undefined;
}

/**
 * What Slack sends the options load URL when a person opens (or types in) an external select:
 * `block_suggestion`, with the query in `value` and the surface the menu is on.
 */
export function blockSuggestionPayload(input: BlockSuggestionInput): JsonObject {
  const { view, message, channel } = input;
  const container: JsonObject = view
    ? { type: 'view', view_id: view.id }
    : { type: 'message', message_ts: message?.ts, channel_id: channel?.id, is_ephemeral: false };
  return {
    type: 'block_suggestion',
    user: userRef(input.user),
    container,
    api_app_id: BOT.appId,
    token: VERIFICATION_TOKEN,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team,
    enterprise: null,
    is_enterprise_install: false,
    ...(view ? { view: { ...view, state: { values: input.viewState ?? {} } } } : {}),
    ...(channel ? { channel: channelRef(channel) } : {}),
    ...(message ? { message: messageJson(message) } : {}),
  };
}
