import { mimetypeOf, type SandboxFile } from '../file.store';
import { liveSequences } from '../mrkdwn';
import { findLoneSurrogate, loneSurrogateProblem } from '../slack-text';
import type { Message } from '../sandbox.types';
import { messageJson } from '../slack-json';
import { BOT } from '../workspace.store';
import { ApiError } from './api-error';
import type { WebApiMethod } from './method-context';

/** The largest file the local Slack accepts (Slack's own limit is 1 GB; tests never need more). */
const MAX_LENGTH = 50 * 1024 * 1024;

/** Step 1 of an upload: a URL to post the bytes to, and the file's id. */
export const filesGetUploadURLExternal: WebApiMethod = ({ state, args }) => {
  const filename = args.string('filename');
  if (!filename) throw new ApiError('invalid_arguments');
  const length = Number(args.string('length') ?? args.raw.length);
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH) throw new ApiError('invalid_arguments');
  const id = `F${state.ids.next('', 10)}`;
  state.files.add({ id, name: filename, title: filename, length, completed: false });
  return { upload_url: `${state.uploadBase}${id}`, file_id: id };
};

/** Step 3: completes the uploads and shares them in a channel or thread (or keeps them private). */
export const filesCompleteUploadExternal: WebApiMethod = ({ state, args }) => {
  const list = args.json('files', 'invalid_arguments');
  if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments');
  const files: SandboxFile[] = list.map((entry: unknown) => {
    const id = typeof entry === 'object' && entry !== null && 'id' in entry ? String((entry as { id: unknown }).id) : '';
    const file = state.files.get(id);
    if (!file || file.completed) throw new ApiError('file_not_found');
    if (!file.content) throw new ApiError('file_upload_not_completed');
    const title = (entry as { title?: unknown }).title;
    return { ...file, title: typeof title === 'string' && title ? title : file.name };
  });
  const target = args.string('channel_id') ?? args.string('channels')?.split(',')[0];
  // chat:write.public is for messages (chat.postMessage); sharing a file needs membership.
  const channel = target !== undefined ? state.resolvePostTarget(target, { publicWithoutJoining: false }) : undefined;
  let threadTs = args.string('thread_ts');
  if (channel && threadTs !== undefined) {
    const parent = state.messages.find(channel.id, threadTs);
    if (!parent || parent.deleted) throw new ApiError('thread_not_found');
    threadTs = parent.threadTs ?? parent.ts;
  }
  let share: Message | undefined;
  if (channel) {
    const comment = args.string('initial_comment') ?? '';
    const surrogate = findLoneSurrogate(comment, '/initial_comment');
    if (surrogate) throw new ApiError('invalid_arguments', { response_metadata: { messages: [loneSurrogateProblem(surrogate)] } });
    share = {
      ts: state.clock.nextTs(),
      channel: channel.id,
      user: BOT.userId,
      botId: BOT.botId,
      text: comment,
      replies: [],
      live: liveSequences(comment),
      files: files.map((f) => ({ id: f.id, name: f.name, title: f.title })),
      ...(threadTs !== undefined ? { threadTs } : {}),
    };
    state.messages.add(share);
  }
  for (const file of files) {
    state.files.add({ ...file, completed: true, ...(channel ? { channel: channel.id, ts: share!.ts } : {}), ...(threadTs !== undefined ? { threadTs } : {}) });
  }
  return {
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      title: f.title,
      mimetype: mimetypeOf(f.name),
      size: f.content?.length ?? 0,
      user: BOT.userId,
      ...(channel ? { channels: channel.isPrivate || channel.isIm || channel.isMpim ? [] : [channel.id], groups: channel.isPrivate ? [channel.id] : [], ims: channel.isIm ? [channel.id] : [] } : {}),
    })),
    ...(share ? { message: messageJson(share) } : {}),
  };
};

/** Step 2, the upload URL: stores the bytes of a file whose URL was handed out. */
export function receiveUpload(state: { files: { get(id: string): SandboxFile | undefined } }, id: string, bytes: Buffer): { status: number; text: string } {
  const file = state.files.get(id);
  if (!file || file.completed) return { status: 404, text: 'file_not_found' };
  if (bytes.length !== file.length) return { status: 400, text: `length mismatch: announced ${file.length}, received ${bytes.length}` };
  file.content = bytes;
  return { status: 200, text: `OK - ${bytes.length}` };
}
