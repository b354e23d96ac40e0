import { blockProblems, MESSAGE_BLOCK_LIMIT, MESSAGE_TEXT_LIMIT, withGeneratedIds } from './block-kit';
import { ApiError } from './web-api/api-error';

export interface MessageInput {
  text?: string | undefined;
  blocks?: unknown;
  attachments?: unknown;
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  warnings: string[];
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
  let text = input.text ?? '';
  if (text.length > MESSAGE_TEXT_LIMIT) {
    text = text.slice(0, MESSAGE_TEXT_LIMIT);
    warnings.push('message_truncated');
  }
  return {
    text,
    warnings,
    ...(hasBlocks ? { blocks: withGeneratedIds(input.blocks as unknown[]) } : {}),
    ...(hasAttachments ? { attachments: input.attachments as unknown[] } : {}),
  };
}
