import type { AddChannelInput, AddUserInput, SandboxChannel, SandboxUser } from './sandbox.types';
import type { IdFactory } from './ids';

export const TEAM = { id: 'T0GUILD', domain: 'guild-local', name: 'Guild Local' } as const;
export const BOT = { userId: 'U0BOT', botId: 'B0BOT', appId: 'A0GUILD', name: 'guild' } as const;

/** Users, channels and memberships of the one workspace the local Slack hosts. */
export class WorkspaceStore {
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, SandboxChannel>();
  /** Sorted member set of a DM or MPIM → its channel id, so the same set always gets the same id. */
  private readonly directByMembers = new Map<string, string>();

  constructor(
    private readonly ids: IdFactory,
    private readonly nowSeconds: () => number,
  ) {
    this.users.set(BOT.userId, {
      id: BOT.userId,
      name: BOT.name,
      realName: 'Guild',
      displayName: 'Guild',
      tz: 'UTC',
      isBot: true,
      deleted: false,
    });
  }

  addUser(input: AddUserInput): SandboxUser {
    const id = input.id ?? this.ids.next('U');
    if (this.users.has(id)) throw new Error(`user ${id} already exists`);
    const user: SandboxUser = {
      id,
      name: input.name,
      realName: input.realName ?? input.name,
      displayName: input.displayName ?? input.name,
      tz: input.tz ?? 'UTC',
      isBot: input.isBot ?? false,
      deleted: input.deleted ?? false,
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  addChannel(input: AddChannelInput): SandboxChannel {
    const isPrivate = input.isPrivate ?? false;
    const id = input.id ?? this.ids.next(isPrivate ? 'G' : 'C');
    if (this.channels.has(id)) throw new Error(`channel ${id} already exists`);
    for (const member of input.members ?? []) this.requireUser(member);
    const members = new Set(input.members ?? []);
    // A real workspace: the app is in no channel until someone invites it or it joins.
    if (input.botMember ?? false) members.add(BOT.userId);
    const channel: SandboxChannel = {
      id,
      name: input.name,
      isPrivate,
      isIm: false,
      isMpim: false,
      isArchived: input.isArchived ?? false,
      members,
      created: this.nowSeconds(),
    };
    this.channels.set(id, channel);
    return channel;
  }

  requireUser(id: string): SandboxUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  /** The bot's DM (one other user) or MPIM (several) with these users; created on first use. */
  openDirect(userIds: readonly string[]): { channel: SandboxChannel; created: boolean } {
    const key = directKey(userIds);
    const existing = this.directByMembers.get(key);
    if (existing) return { channel: this.channels.get(existing) as SandboxChannel, created: false };
    const others = [...new Set(userIds)].filter((id) => id !== BOT.userId);
    const isIm = others.length === 1;
    const id = this.ids.next(isIm ? 'D' : 'G');
    const names = [BOT.name, ...others.map((u) => this.users.get(u)?.name ?? u)];
    const channel: SandboxChannel = {
      id,
      name: isIm ? id : `mpdm-${names.join('--')}-1`,
      isPrivate: true,
      isIm,
      isMpim: !isIm,
      isArchived: false,
      members: new Set([BOT.userId, ...others]),
      created: this.nowSeconds(),
      ...(isIm ? { imUser: others[0] } : {}),
    };
    this.channels.set(id, channel);
    this.directByMembers.set(key, id);
    return { channel, created: true };
  }

  /** Member-set keys of DMs and MPIMs → channel ids, for a snapshot. */
  directEntries(): [string, string][] {
    return [...this.directByMembers.entries()];
  }

  restoreDirect(entries: [string, string][]): void {
    for (const [key, id] of entries) this.directByMembers.set(key, id);
  }

  findDirect(userIds: readonly string[]): string | undefined {
    return this.directByMembers.get(directKey(userIds));
  }
}

function directKey(userIds: readonly string[]): string {
  return [...new Set(userIds)].filter((id) => id !== BOT.userId).sort().join(',');
}
