import { validateMessageContent } from '../message-content';
import type { Message } from '../sandbox.types';
import { messageJson } from '../slack-json';
import { BOT, TEAM } from '../workspace.store';
import { ApiError } from './api-error';
import type { ApiArgs } from './api-args';
import type { MethodContext, WebApiMethod } from './method-context';

function messageInput(args: ApiArgs): { text?: string; blocks?: unknown; attachments?: unknown; linkNames?: boolean } {
  return {
    ...(args.boolean('link_names') ? { linkNames: true } : {}),
    ...(args.string('text') !== undefined ? { text: args.string('text') } : {}),
    ...(args.raw.blocks !== undefined ? { blocks: args.json('blocks', 'invalid_blocks_format') } : {}),
    ...(args.raw.attachments !== undefined ? { attachments: args.json('attachments', 'invalid_attachments') } : {}),
  };
}

export const chatPostMessage: WebApiMethod = ({ state, args, warnings }) => {
  const channel = state.resolvePostTarget(args.string('channel'));
  const posted = state.postBotMessage(channel, {
    ...messageInput(args),
    threadTs: args.string('thread_ts'),
    metadata: messageMetadata(args.raw.metadata),
  });
  warnings.push(...posted.warnings);
  if (args.boolean('reply_broadcast') && posted.message.threadTs !== undefined) {
    // A broadcast reply also appears in the channel; Slack stores it once, we show it in both places.
    state.messages.list(channel.id).push(posted.message);
  }
  return { channel: channel.id, ts: posted.message.ts, message: messageJson(posted.message) };
};

export const chatPostEphemeral: WebApiMethod = ({ state, args, warnings }) => {
  const user = args.requireString('user', 'user_not_found');
  if (!state.workspace.users.has(user)) throw new ApiError('user_not_found');
  const channel = state.channelOrThrow(args.string('channel'));
  if (channel.isArchived) throw new ApiError('is_archived');
  if (!channel.members.has(BOT.userId)) throw new ApiError('not_in_channel');
  if (!channel.members.has(user)) throw new ApiError('user_not_in_channel');
  const content = validateMessageContent(messageInput(args));
  warnings.push(...content.warnings);
  const ephemeral = state.addEphemeral({ ...content, linkNames: args.boolean('link_names'), user, channel: channel.id, threadTs: args.string('thread_ts'), via: 'chat.postEphemeral' });
  return { message_ts: ephemeral.ts };
};

function ownMessage({ state, args }: MethodContext, tsArg: string, notMine: string): Message {
  const channel = state.channelOrThrow(args.string('channel'));
  const message = state.messages.find(channel.id, args.requireString(tsArg, 'message_not_found'));
  if (!message || message.deleted) throw new ApiError('message_not_found');
  if (message.botId !== BOT.botId) throw new ApiError(notMine);
  return message;
}

export const chatUpdate: WebApiMethod = (ctx) => {
  const message = ownMessage(ctx, 'ts', 'cant_update_message');
  const input = messageInput(ctx.args);
  // Omitted blocks are kept; an empty array removes them (Slack's documented behaviour).
  const content = validateMessageContent({
    text: input.text ?? message.text,
    blocks: input.blocks ?? message.blocks,
    attachments: input.attachments ?? message.attachments,
    linkNames: input.linkNames,
  });
  ctx.warnings.push(...content.warnings);
  message.text = content.text;
  message.live = content.live;
  if (content.blocks) message.blocks = content.blocks;
  else delete message.blocks;
  message.edited = { user: BOT.userId, ts: ctx.state.clock.nextTs() };
  return { channel: message.channel, ts: message.ts, text: message.text, message: messageJson(message) };
};

export const chatDelete: WebApiMethod = (ctx) => {
  const message = ownMessage(ctx, 'ts', 'cant_delete_message');
  message.deleted = true;
  return { channel: message.channel, ts: message.ts };
};

export const chatGetPermalink: WebApiMethod = ({ state, args }) => {
  const channel = state.channelOrThrow(args.string('channel'));
  const ts = args.requireString('message_ts', 'message_not_found');
  const message = state.messages.find(channel.id, ts);
  if (!message) throw new ApiError('message_not_found');
  const thread = message.threadTs !== undefined ? `?thread_ts=${message.threadTs}&cid=${channel.id}` : '';
  return { channel: channel.id, permalink: `https://${TEAM.domain}.slack.com/archives/${channel.id}/p${ts.replace('.', '')}${thread}` };
};

/** Form-encoded calls carry metadata as a JSON string, JSON calls as an object. */
function messageMetadata(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new ApiError('invalid_metadata_format', { detail: err instanceof Error ? err.message : String(err) });
  }
}
