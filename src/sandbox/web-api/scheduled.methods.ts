import { validateMessageContent } from '../message-content';
import { decodeCursor, paginate } from '../pagination';
import { SCHEDULE_HORIZON_S, SCHEDULE_WINDOW_MAX, type ScheduledMessages } from '../scheduled-messages';
import { BOT } from '../workspace.store';
import { ApiError } from './api-error';
import type { WebApiMethod } from './method-context';

export function scheduledMethods(scheduled: ScheduledMessages): Record<string, WebApiMethod> {
  const scheduleMessage: WebApiMethod = ({ state, args, warnings }) => {
    const channel = state.resolvePostTarget(args.string('channel'));
    const postAt = args.number('post_at');
    if (postAt === undefined) throw new ApiError('invalid_time');
    const now = state.clock.nowMs() / 1000;
    if (postAt <= now) throw new ApiError('time_in_past');
    if (postAt > now + SCHEDULE_HORIZON_S) throw new ApiError('time_too_far');
    if (scheduled.countNear(channel.id, postAt) >= SCHEDULE_WINDOW_MAX) throw new ApiError('restricted_too_many');
    const content = validateMessageContent({
      text: args.string('text'),
      blocks: args.raw.blocks !== undefined ? args.json('blocks', 'invalid_blocks_format') : undefined,
    });
    warnings.push(...content.warnings);
    const id = state.ids.next('Q');
    const threadTs = args.string('thread_ts');
    scheduled.add({
      id,
      channel: channel.id,
      postAt: Math.floor(postAt),
      dateCreated: Math.floor(now),
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs !== undefined ? { threadTs } : {}),
    });
    return {
      channel: channel.id,
      scheduled_message_id: id,
      post_at: Math.floor(postAt),
      message: { type: 'message', text: content.text, user: BOT.userId, bot_id: BOT.botId, ...(content.blocks ? { blocks: content.blocks } : {}) },
    };
  };

  const deleteScheduledMessage: WebApiMethod = ({ state, args }) => {
    const channel = state.channelOrThrow(args.string('channel'));
    if (!scheduled.remove(args.requireString('scheduled_message_id', 'invalid_scheduled_message_id'), channel.id)) {
      throw new ApiError('invalid_scheduled_message_id');
    }
    return {};
  };

  const scheduledMessagesList: WebApiMethod = ({ args }) => {
    const offset = decodeCursor('scheduled', args.string('cursor'));
    if (offset === undefined) throw new ApiError('invalid_cursor');
    const all = scheduled.list(args.string('channel'));
    const page = paginate('scheduled', all, offset, Math.min(args.number('limit') ?? 100, 1000));
    return {
      scheduled_messages: page.items.map((m) => ({ id: m.id, channel_id: m.channel, post_at: m.postAt, date_created: m.dateCreated, text: m.text })),
      response_metadata: { next_cursor: page.nextCursor },
    };
  };

  return {
    'chat.scheduleMessage': scheduleMessage,
    'chat.deleteScheduledMessage': deleteScheduledMessage,
    'chat.scheduledMessages.list': scheduledMessagesList,
  };
}
