import type { ScheduledMessages } from '../scheduled-messages';
import { authTest } from './auth.methods';
import { chatDelete, chatGetPermalink, chatPostEphemeral, chatPostMessage, chatUpdate } from './chat.methods';
import {
  conversationsHistory,
  conversationsInfo,
  conversationsJoin,
  conversationsList,
  conversationsMembers,
  conversationsOpen,
  conversationsReplies,
} from './conversations.methods';
import { filesCompleteUploadExternal, filesGetUploadURLExternal } from './files.methods';
import type { WebApiMethod } from './method-context';
import { scheduledMethods } from './scheduled.methods';
import { usersInfo, usersList } from './users.methods';
import { viewsOpen, viewsPublish, viewsPush, viewsUpdate } from './views.methods';

/** Every Web API method the local Slack answers for bot tokens (apps.connections.open is routed apart). */
export function botMethods(scheduled: ScheduledMessages): Record<string, WebApiMethod> {
  return {
    'auth.test': authTest,
    'chat.postMessage': chatPostMessage,
    'chat.postEphemeral': chatPostEphemeral,
    'chat.update': chatUpdate,
    'chat.delete': chatDelete,
    'chat.getPermalink': chatGetPermalink,
    ...scheduledMethods(scheduled),
    'conversations.open': conversationsOpen,
    'conversations.info': conversationsInfo,
    'conversations.list': conversationsList,
    'conversations.members': conversationsMembers,
    'conversations.history': conversationsHistory,
    'conversations.replies': conversationsReplies,
    'conversations.join': conversationsJoin,
    'files.getUploadURLExternal': filesGetUploadURLExternal,
    'files.completeUploadExternal': filesCompleteUploadExternal,
    'users.info': usersInfo,
    'users.list': usersList,
    'views.open': viewsOpen,
    'views.push': viewsPush,
    'views.update': viewsUpdate,
    'views.publish': viewsPublish,
  };
}
