import type { SandboxFile } from './file.store';
import type { SandboxState } from './sandbox-state';
import type { Ephemeral, Message, OpenView, SandboxChannel, SandboxUser } from './sandbox.types';
import type { ScheduledMessage, ScheduledMessages } from './scheduled-messages';

/** Version of the snapshot's shape: an older file is ignored rather than misread. */
export const SNAPSHOT_VERSION = 1;

type StoredChannel = Omit<SandboxChannel, 'members'> & { members: string[] };
type StoredFile = Omit<SandboxFile, 'content'> & { content?: string };

/**
 * What the local Slack holds that a person would miss after a restart: people, conversations,
 * messages with their threads, ephemerals, files, open modals and Home tabs, scheduled messages.
 * Short-lived things (trigger ids, response_urls, rate buckets, call records) are left out, as a
 * real client would have lost them too.
 */
export interface SandboxSnapshot {
  version: number;
  idsIssued: number;
  users: SandboxUser[];
  channels: StoredChannel[];
  directs: [string, string][];
  messages: Message[];
  ephemerals: Ephemeral[];
  files: StoredFile[];
  views: { stacks: [string, OpenView[]][]; homes: [string, OpenView][] };
  scheduled: ScheduledMessage[];
}

export function takeSnapshot(state: SandboxState, scheduled: ScheduledMessages): SandboxSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    idsIssued: state.ids.issued,
    users: [...state.workspace.users.values()],
    channels: [...state.workspace.channels.values()].map((c) => ({ ...c, members: [...c.members] })),
    directs: state.workspace.directEntries(),
    messages: state.messages.channels().flatMap((id) => state.messages.list(id)),
    ephemerals: [...state.messages.ephemerals],
    files: state.files.list().map(({ content, ...file }) => ({ ...file, ...(content ? { content: content.toString('base64') } : {}) })),
    views: state.views.entries(),
    scheduled: scheduled.list(),
  };
}

/** Loads a snapshot into an empty local Slack (only the bot user exists yet). */
export function restoreSnapshot(state: SandboxState, scheduled: ScheduledMessages, snapshot: SandboxSnapshot): void {
  if (snapshot.version !== SNAPSHOT_VERSION) throw new Error(`sandbox snapshot version ${snapshot.version} is not ${SNAPSHOT_VERSION}`);
  state.ids.resume(snapshot.idsIssued);
  for (const user of snapshot.users) state.workspace.users.set(user.id, user);
  for (const channel of snapshot.channels) state.workspace.channels.set(channel.id, { ...channel, members: new Set(channel.members) });
  state.workspace.restoreDirect(snapshot.directs);
  let latest = '0.000000';
  const later = (ts: string) => {
    if (Number(ts) > Number(latest)) latest = ts;
  };
  for (const message of snapshot.messages) {
    // Replies are stored under their parent; the store links them again as they are added.
    state.messages.add({ ...message, replies: [] });
    later(message.ts);
    for (const reply of message.replies) {
      state.messages.add({ ...reply, replies: [] });
      later(reply.ts);
    }
  }
  for (const ephemeral of snapshot.ephemerals) {
    state.messages.ephemerals.push(ephemeral);
    later(ephemeral.ts);
  }
  for (const { content, ...file } of snapshot.files) state.files.add({ ...file, ...(content !== undefined ? { content: Buffer.from(content, 'base64') } : {}) });
  state.views.restore(snapshot.views);
  for (const message of snapshot.scheduled) scheduled.add(message);
  state.clock.notBefore(latest);
}
