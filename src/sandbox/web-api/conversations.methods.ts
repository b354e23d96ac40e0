import { decodeCursor, paginate } from '../pagination';
import type { Message, SandboxChannel } from '../sandbox.types';
import { conversationJson, messageJson } from '../slack-json';
import { conversationScope } from '../scopes';
import { BOT } from '../workspace.store';
import { ApiError } from './api-error';
import type { ApiArgs } from './api-args';
import type { WebApiMethod } from './method-context';

const MAX_DIRECT_USERS = 8;

function pageSize(args: ApiArgs, fallback: number): number {
  const limit = args.number('limit');
  return Math.min(Math.max(1, limit ?? fallback), 1000);
}

export const conversationsOpen: WebApiMethod = ({ state, args }) => {
  const channelId = args.string('channel');
  if (channelId !== undefined) {
    const channel = state.channelOrThrow(channelId);
    return { no_op: true, already_open: true, channel: args.boolean('return_im') ? conversationJson(channel) : { id: channel.id } };
  }
  const users = [...new Set(args.list('users'))].filter((u) => u !== BOT.userId);
  if (users.length === 0) throw new ApiError('not_enough_users');
  if (users.length > MAX_DIRECT_USERS) throw new ApiError('too_many_users');
  // conversations.open reference: a DM needs im:write, a group DM mpim:write.
  state.scopes.require(users.length === 1 ? 'im:write' : 'mpim:write');
  for (const id of users) {
    const user = state.workspace.users.get(id);
    if (!user) throw new ApiError('user_not_found');
    if (user.deleted) throw new ApiError('user_disabled');
    if (users.length === 1 && user.isBot) throw new ApiError('cannot_dm_bot');
  }
  const { channel, created } = state.workspace.openDirect(users);
  const body = args.boolean('return_im') || users.length > 1 ? conversationJson(channel) : { id: channel.id };
  return created ? { channel: body } : { no_op: true, already_open: true, channel: body };
};

/**
 * conversations.info reference: scope by kind (channels:read, groups:read, im:read, mpim:read);
 * a private channel the bot is not in does not exist for it (`channel_not_found`). Apps use it
 * for a private channel's real name, which slash commands replace by "privategroup".
 */
export const conversationsInfo: WebApiMethod = ({ state, args }) => {
  const channel = state.channelOrThrow(args.string('channel'));
  state.scopes.require(conversationScope(channel, 'read'));
  return { channel: conversationJson(channel, { numMembers: args.boolean('include_num_members') }) };
};

const TYPE_SCOPE: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  im: 'im:read',
  mpim: 'mpim:read',
};

const TYPE_TEST: Record<string, (c: SandboxChannel) => boolean> = {
  public_channel: (c) => !c.isPrivate,
  private_channel: (c) => c.isPrivate && !c.isIm && !c.isMpim,
  im: (c) => c.isIm,
  mpim: (c) => c.isMpim,
};

export const conversationsList: WebApiMethod = ({ state, args }) => {
  const types = args.list('types');
  const wanted = (types.length > 0 ? types : ['public_channel']).map((t) => {
    const test = TYPE_TEST[t];
    if (!test) throw new ApiError('invalid_types');
    state.scopes.require(TYPE_SCOPE[t] as string);
    return test;
  });
  const offset = decodeCursor('channel', args.string('cursor'));
  if (offset === undefined) throw new ApiError('invalid_cursor');
  const excludeArchived = args.boolean('exclude_archived');
  const visible = [...state.workspace.channels.values()].filter(
    (c) => wanted.some((t) => t(c)) && (!c.isPrivate || c.members.has(BOT.userId)) && !(excludeArchived && c.isArchived),
  );
  const page = paginate('channel', visible, offset, pageSize(args, 100));
  return { channels: page.items.map((c) => conversationJson(c)), response_metadata: { next_cursor: page.nextCursor } };
};

export const conversationsMembers: WebApiMethod = ({ state, args }) => {
  const channel = state.channelOrThrow(args.string('channel'));
  state.scopes.require(conversationScope(channel, 'read'));
  const offset = decodeCursor('member', args.string('cursor'));
  if (offset === undefined) throw new ApiError('invalid_cursor');
  const page = paginate('member', [...channel.members], offset, pageSize(args, 100));
  return { members: page.items, response_metadata: { next_cursor: page.nextCursor } };
};

/**
 * conversations.history / .replies reference: only for conversations the bot is in (a public
 * channel it has not joined answers `not_in_channel`, a private one it is not in does not exist:
 * `channel_not_found`), with the history scope of the conversation's kind (channels:history,
 * groups:history, im:history, mpim:history; else `missing_scope`).
 */
function readableChannel(state: Parameters<WebApiMethod>[0]['state'], args: ApiArgs): SandboxChannel {
  const channel = state.channelOrThrow(args.string('channel'));
  state.scopes.require(conversationScope(channel, 'history'));
  if (!channel.members.has(BOT.userId)) throw new ApiError('not_in_channel');
  return channel;
}

function inRange(ts: string, args: ApiArgs): boolean {
  const inclusive = args.boolean('inclusive');
  const oldest = args.string('oldest');
  const latest = args.string('latest');
  const value = Number(ts);
  if (oldest !== undefined && (inclusive ? value < Number(oldest) : value <= Number(oldest))) return false;
  if (latest !== undefined && (inclusive ? value > Number(latest) : value >= Number(latest))) return false;
  return true;
}

function historyPage(kind: string, messages: Message[], args: ApiArgs): Record<string, unknown> {
  const offset = decodeCursor(kind, args.string('cursor'));
  if (offset === undefined) throw new ApiError('invalid_cursor');
  const page = paginate(kind, messages, offset, pageSize(args, 100));
  return {
    messages: page.items.map((m) => messageJson(m, { metadata: args.boolean('include_all_metadata') === true })),
    has_more: page.nextCursor !== '',
    response_metadata: { next_cursor: page.nextCursor },
  };
}

export const conversationsHistory: WebApiMethod = ({ state, args }) => {
  const channel = readableChannel(state, args);
  const messages = state.messages
    .list(channel.id)
    .filter((m) => !(m.deleted && m.replies.length === 0) && inRange(m.ts, args))
    .reverse();
  return { ...historyPage('history', messages, args), pin_count: 0 };
};

export const conversationsReplies: WebApiMethod = ({ state, args }) => {
  const channel = readableChannel(state, args);
  const parent = state.messages.find(channel.id, args.requireString('ts', 'thread_not_found'));
  if (!parent) throw new ApiError('thread_not_found');
  const root = parent.threadTs !== undefined ? state.messages.find(channel.id, parent.threadTs) ?? parent : parent;
  const thread = [root, ...root.replies].filter((m) => !m.deleted && inRange(m.ts, args));
  return historyPage('replies', thread, args);
};

/**
 * conversations.join reference (scope channels:join): joins a public channel; a private one
 * answers `method_not_supported_for_channel_type` (only an invitation gets a bot in); joining
 * again succeeds with warning `already_in_channel`. Slack then sends the app
 * member_joined_channel for its own bot user.
 */
export const conversationsJoin: WebApiMethod = ({ state, args, warnings }) => {
  const channel = state.channelOrThrow(args.string('channel'));
  if (channel.isPrivate) throw new ApiError('method_not_supported_for_channel_type');
  if (channel.isArchived) throw new ApiError('is_archived');
  if (channel.members.has(BOT.userId)) {
    warnings.push('already_in_channel');
    return { channel: conversationJson(channel) };
  }
  state.joinBot(channel);
  return { channel: conversationJson(channel) };
};
