import { isObject } from './block-kit';
import { validateMessageContent } from './message-content';
import type { ResponseTarget } from './response-url.registry';
import type { SandboxState } from './sandbox-state';
import type { EphemeralVia } from './sandbox.types';
import { ApiError } from './web-api/api-error';

/**
 * Applies a message response (a slash-command ack body or a response_url post) the way Slack
 * shows it: an ephemeral to the user by default, a channel message for `in_channel`, or an edit /
 * deletion of the message the interaction came from.
 */
export function applyMessageResponse(state: SandboxState, target: ResponseTarget, body: unknown, via: Exclude<EphemeralVia, 'chat.postEphemeral'>): void {
  if (typeof body === 'string') {
    if (body !== '') state.addEphemeral({ text: body, user: target.user, channel: target.channel, via });
    return;
  }
  if (!isObject(body)) return;
  const text = typeof body.text === 'string' ? body.text : undefined;
  const blocks = body.blocks;
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  const truthy = (v: unknown): boolean => v === true || v === 'true';

  if (truthy(body.delete_original)) {
    deleteOriginal(state, target);
    return;
  }
  if (truthy(body.replace_original)) {
    replaceOriginal(state, target, { text, blocks });
    return;
  }
  if (text === undefined && blocks === undefined) return;
  if (body.response_type === 'in_channel') {
    const channel = state.workspace.channels.get(target.channel);
    if (!channel) throw new ApiError('channel_not_found');
    state.postBotMessage(channel, { text, blocks, threadTs });
    return;
  }
  state.addEphemeral({ text, blocks, user: target.user, channel: target.channel, threadTs, via });
}

function replaceOriginal(state: SandboxState, target: ResponseTarget, input: { text?: string | undefined; blocks?: unknown }): void {
  const content = validateMessageContent(input);
  if (target.ephemeralTs !== undefined) {
    const ephemeral = state.messages.ephemerals.find((e) => e.ts === target.ephemeralTs && e.user === target.user);
    if (!ephemeral) throw new ApiError('message_not_found');
    ephemeral.text = content.text;
    ephemeral.live = content.live;
    if (content.blocks) ephemeral.blocks = content.blocks;
    else delete ephemeral.blocks;
    return;
  }
  const message = target.messageTs !== undefined ? state.messages.find(target.channel, target.messageTs) : undefined;
  if (!message || message.deleted) throw new ApiError('message_not_found');
  message.text = content.text;
  message.live = content.live;
  if (content.blocks) message.blocks = content.blocks;
  else delete message.blocks;
  message.edited = { user: message.user ?? target.user, ts: state.clock.nextTs() };
}

function deleteOriginal(state: SandboxState, target: ResponseTarget): void {
  if (target.ephemeralTs !== undefined) {
    const ephemeral = state.messages.ephemerals.find((e) => e.ts === target.ephemeralTs && e.user === target.user);
    if (ephemeral) ephemeral.deleted = true;
    return;
  }
  const message = target.messageTs !== undefined ? state.messages.find(target.channel, target.messageTs) : undefined;
  if (!message) throw new ApiError('message_not_found');
  message.deleted = true;
}
