import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SandboxChannel } from './sandbox.types';
import { ApiError } from './web-api/api-error';

/**
 * The bot token's OAuth scopes, and the scope each Web API method needs (the "Scopes" fact of
 * each method's reference page, bot token column).
 */
export class ScopeSet {
  private readonly granted: Set<string> | 'all';

  constructor(scopes: readonly string[] | 'all') {
    this.granted = scopes === 'all' ? 'all' : new Set(scopes);
  }

  has(scope: string): boolean {
    return this.granted === 'all' || this.granted.has(scope);
  }

  /** Slack's answer to a call without the scope: `{ error: 'missing_scope', needed, provided }`. */
  require(scope: string): void {
    if (this.has(scope)) return;
    throw new ApiError('missing_scope', { needed: scope, provided: this.granted === 'all' ? '' : [...this.granted].join(',') });
  }

  list(): string[] {
    return this.granted === 'all' ? ['*'] : [...this.granted];
  }
}

/**
 * Methods whose scope does not depend on the conversation. Methods that take any kind of
 * conversation (conversations.history, .info, .members, .open...) check the scope of the
 * conversation's kind themselves; see `conversationScope`.
 */
export const METHOD_SCOPES: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.scheduleMessage': 'chat:write',
  'chat.deleteScheduledMessage': 'chat:write',
  'conversations.join': 'channels:join',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'users.info': 'users:read',
  'users.list': 'users:read',
};

export type ConversationAccess = 'read' | 'history';

/** The scope a read of this conversation needs: channels:*, groups:*, im:* or mpim:* by its kind. */
export function conversationScope(channel: SandboxChannel, access: ConversationAccess): string {
  const kind = channel.isIm ? 'im' : channel.isMpim ? 'mpim' : channel.isPrivate ? 'groups' : 'channels';
  return `${kind}:${access}`;
}

/**
 * The bot scopes of a Slack app manifest (`oauth_config.scopes.bot`), read with just enough YAML
 * for that list: the project has no YAML parser, and the manifest keeps the list in block style.
 */
export function manifestBotScopes(yaml: string): string[] {
  const lines = yaml.split(/\r?\n/);
  const path = ['oauth_config', 'scopes', 'bot'];
  const indents: number[] = [];
  let depth = 0;
  const scopes: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+#.*$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (depth === path.length) {
      const item = /^\s*-\s*["']?([^"'\s]+)["']?\s*$/.exec(line);
      if (item && indent >= (indents[depth - 1] ?? 0)) {
        scopes.push(item[1] as string);
        continue;
      }
      break;
    }
    // Leaving a parent's block (a key at or above its indent) means the path is not here.
    while (depth > 0 && indent <= (indents[depth - 1] ?? 0)) depth -= 1;
    const key = new RegExp(`^\\s*${path[depth]}:\\s*$`).exec(line);
    if (key) {
      indents[depth] = indent;
      depth += 1;
    }
  }
  return scopes;
}

/** The nearest slack-app-manifest.yml from `start` upwards, if any. */
export function findManifest(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'slack-app-manifest.yml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The default scopes of a local Slack: those the project's manifest asks for. */
export function defaultBotScopes(): string[] {
  const manifest = findManifest() ?? findManifest(__dirname);
  if (!manifest) {
    throw new Error('LocalSlack: no slack-app-manifest.yml found above the working directory; pass `scopes` to say what the bot token holds');
  }
  return manifestBotScopes(readFileSync(manifest, 'utf8'));
}
