import { blockProblems, MESSAGE_BLOCK_LIMIT, MESSAGE_TEXT_LIMIT, withGeneratedIds } from './block-kit';
import { messageLive, type LiveSequences } from './mrkdwn';
import { findLoneSurrogate, loneSurrogateProblem, slackLength, truncateChars } from './slack-text';
import { ApiError } from './web-api/api-error';

export interface MessageInput {
  text?: string | undefined;
  blocks?: unknown;
  attachments?: unknown;
  /** chat.postMessage's `link_names`: bare @channel / @here become pings too. */
  linkNames?: boolean | undefined;
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  warnings: string[];
  /** What the message's control sequences do once rendered (pings, mentions, links...). */
  live: LiveSequences;
}

/** Checks a message body the way chat.postMessage does and returns what Slack would store. */
export function validateMessageContent(input: MessageInput): MessageContent {
  const warnings: string[] = [];
  const hasBlocks = Array.isArray(input.blocks) && input.blocks.length > 0;
  const hasAttachments = Array.isArray(input.attachments) && input.attachments.length > 0;
  if (input.blocks !== undefined && !Array.isArray(input.blocks)) throw new ApiError('invalid_blocks_format');
  if (input.attachments !== undefined && !Array.isArray(input.attachments)) throw new ApiError('invalid_attachments');
  if ((input.text === undefined || input.text === '') && !hasBlocks && !hasAttachments) throw new ApiError('no_text');
  if (hasBlocks) {
    const problems = blockProblems(input.blocks, MESSAGE_BLOCK_LIMIT);
    if (problems.length > 0) throw new ApiError('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
  }
  if (hasAttachments) {
    const surrogate = findLoneSurrogate(input.attachments, '/attachments');
    if (surrogate) {
      const problems = [loneSurrogateProblem(surrogate)];
      throw new ApiError('invalid_attachments', { errors: problems, response_metadata: { messages: problems } });
    }
  }
  let text = input.text ?? '';
  // A string with an unpaired surrogate has no UTF-8 form: Slack cannot decode it (over a JSON
  // body its decoder refuses the `\ud83d` escape), so the call fails and nothing is stored. Of
  // the errors chat.postMessage documents, `invalid_arguments` ("some detail about the arguments
  // passed are invalid") is the one that fits a bad `text`; blocks answer `invalid_blocks` above
  // with the pointer, as Slack does for any block it cannot accept.
  const surrogate = findLoneSurrogate(text, '/text');
  if (surrogate) {
    const problems = [loneSurrogateProblem(surrogate)];
    throw new ApiError('invalid_arguments', { errors: problems, response_metadata: { messages: problems } });
  }
  // chat.postMessage reference: text over 40,000 characters is truncated (warning
  // message_truncated); characters as Slack counts them, never half an emoji.
  if (slackLength(text) > MESSAGE_TEXT_LIMIT) {
    text = truncateChars(text, MESSAGE_TEXT_LIMIT);
    warnings.push('message_truncated');
  }
  const blocks = hasBlocks ? withGeneratedIds(input.blocks as unknown[]) : undefined;
  const attachments = hasAttachments ? (input.attachments as unknown[]) : undefined;
  return {
    text,
    warnings,
    live: messageLive({ text, blocks, attachments, linkNames: input.linkNames === true }),
    ...(blocks ? { blocks } : {}),
    ...(attachments ? { attachments } : {}),
  };
}
