import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { parse } from 'yaml';

/**
 * slack-app-manifest.yml against the rules of Slack's app manifest reference (docs.slack.dev,
 * "App manifest reference"), written down here by hand, and against what Guild's code uses:
 * every slash command it registers, every event it listens to and the scopes of every Web API
 * method it calls must be declared, or the app Slack creates from the manifest cannot do them.
 */
const ROOT = path.join(__dirname, '..', '..');
const manifest = parse(readFileSync(path.join(ROOT, 'slack-app-manifest.yml'), 'utf8')) as Manifest;

interface Manifest {
  display_information?: { name?: string; description?: string; long_description?: string; background_color?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name?: string; always_online?: boolean };
    slash_commands?: { command?: string; url?: string; description?: string; usage_hint?: string; should_escape?: boolean }[];
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled?: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

/** Bot token scopes Slack documents (Scopes reference), those an app like Guild could ask for. */
const KNOWN_BOT_SCOPES = new Set([
  'app_mentions:read', 'bookmarks:read', 'bookmarks:write', 'calls:read', 'calls:write', 'channels:history', 'channels:join', 'channels:manage',
  'channels:read', 'channels:write.invites', 'channels:write.topic', 'chat:write', 'chat:write.customize', 'chat:write.public', 'commands',
  'conversations.connect:manage', 'conversations.connect:read', 'conversations.connect:write', 'dnd:read', 'emoji:read', 'files:read', 'files:write',
  'groups:history', 'groups:read', 'groups:write', 'groups:write.invites', 'groups:write.topic', 'im:history', 'im:read', 'im:write', 'im:write.topic',
  'incoming-webhook', 'links:read', 'links:write', 'links.embed:write', 'metadata.message:read', 'mpim:history', 'mpim:read', 'mpim:write',
  'mpim:write.topic', 'pins:read', 'pins:write', 'reactions:read', 'reactions:write', 'reminders:read', 'reminders:write', 'remote_files:read',
  'remote_files:share', 'remote_files:write', 'team:read', 'team.billing:read', 'team.preferences:read', 'usergroups:read', 'usergroups:write',
  'users.profile:read', 'users:read', 'users:read.email', 'users:write', 'workflow.steps:execute', 'assistant:write', 'canvases:read', 'canvases:write',
]);

/** Events API event types (Events reference) and the scope each needs to be subscribed. */
const KNOWN_BOT_EVENTS: Record<string, string | undefined> = {
  app_home_opened: undefined,
  app_mention: 'app_mentions:read',
  app_uninstalled: undefined,
  member_joined_channel: 'channels:read',
  member_left_channel: 'channels:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  reaction_added: 'reactions:read',
  team_join: 'users:read',
  tokens_revoked: undefined,
  user_change: 'users:read',
  channel_archive: 'channels:read',
  channel_rename: 'channels:read',
};

/** Web API methods and the bot scope each needs (each method's reference page); undefined: none. */
const METHOD_SCOPE: Record<string, string | undefined> = {
  'auth.test': undefined,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.scheduleMessage': 'chat:write',
  'chat.getPermalink': undefined,
  'conversations.open': 'im:write',
  'conversations.join': 'channels:join',
  'conversations.info': 'channels:read',
  'conversations.history': 'channels:history',
  'conversations.replies': 'channels:history',
  'conversations.members': 'channels:read',
  'users.info': 'users:read',
  'users.list': 'users:read',
  'views.open': undefined,
  'views.push': undefined,
  'views.update': undefined,
  'views.publish': undefined,
  'files.uploadV2': 'files:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

/** The Web API's method families (the client also has a `logger`, which is no API). */
const WEB_API_FAMILIES = new Set(['admin', 'apps', 'assistant', 'auth', 'bookmarks', 'bots', 'calls', 'canvases', 'chat', 'conversations', 'dnd', 'emoji', 'files', 'pins', 'reactions', 'reminders', 'search', 'stars', 'team', 'usergroups', 'users', 'views', 'workflows']);

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return ['sandbox', 'generated'].includes(name) && dir.endsWith('src') ? [] : sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
const code = sources(path.join(ROOT, 'src')).map((file) => readFileSync(file, 'utf8')).join('\n');

describe('slack-app-manifest.yml, by the rules of Slack\'s manifest reference', () => {
  const display = manifest.display_information ?? {};
  const features = manifest.features ?? {};
  const settings = manifest.settings ?? {};
  const commands = features.slash_commands ?? [];
  const botScopes = manifest.oauth_config?.scopes?.bot ?? [];
  const botEvents = settings.event_subscriptions?.bot_events ?? [];
  const socketMode = settings.socket_mode_enabled === true;
  const url = /^https:\/\/\S+$/;

  it('has the required display information within its lengths', () => {
    expect(typeof display.name).toBe('string');
    expect(display.name!.length).toBeGreaterThanOrEqual(1);
    expect(display.name!.length).toBeLessThanOrEqual(35);
    if (display.description !== undefined) expect(display.description.length).toBeLessThanOrEqual(140);
    if (display.long_description !== undefined) {
      expect(display.long_description.length).toBeGreaterThanOrEqual(175);
      expect(display.long_description.length).toBeLessThanOrEqual(4000);
    }
    if (display.background_color !== undefined) expect(display.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it('has a bot user (needed for any bot scope) with a display name of at most 80 characters', () => {
    expect(botScopes.length).toBeGreaterThan(0);
    expect(features.bot_user?.display_name?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(features.bot_user?.display_name?.length ?? 0).toBeLessThanOrEqual(80);
  });

  it('declares slash commands Slack accepts', () => {
    expect(commands.length).toBeGreaterThanOrEqual(1);
    expect(commands.length).toBeLessThanOrEqual(50);
    const names = commands.map((c) => c.command ?? '');
    expect(new Set(names).size).toBe(names.length);
    for (const c of commands) {
      // Lower case, starting with "/", at most 32 characters; a description; a hint of at most 1,000.
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description?.length ?? 0).toBeGreaterThanOrEqual(1);
      expect(c.description?.length ?? 0).toBeLessThanOrEqual(2000);
      if (c.usage_hint !== undefined) expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
      // Without Socket Mode, Slack must know where to send each command.
      if (!socketMode) expect(c.url).toMatch(url);
      if (c.url !== undefined) expect(c.url).toMatch(url);
    }
    // The "commands" scope is what lets an app have slash commands at all.
    expect(botScopes).toContain('commands');
  });

  it('asks only for scopes and events Slack knows, each event with the scope it needs', () => {
    expect(botScopes.filter((s) => !KNOWN_BOT_SCOPES.has(s))).toEqual([]);
    expect(new Set(botScopes).size).toBe(botScopes.length);
    expect(botEvents.filter((e) => !(e in KNOWN_BOT_EVENTS))).toEqual([]);
    expect(botEvents.map((e) => [e, KNOWN_BOT_EVENTS[e]]).filter(([, scope]) => scope !== undefined && !botScopes.includes(scope))).toEqual([]);
    expect(botEvents.length).toBeLessThanOrEqual(100);
  });

  it('is set for Socket Mode (or has a request URL for everything) and has interactivity on', () => {
    expect(typeof settings.socket_mode_enabled).toBe('boolean');
    expect(settings.interactivity?.is_enabled).toBe(true);
    if (!socketMode) {
      expect(settings.interactivity?.request_url).toMatch(url);
      expect(settings.event_subscriptions?.request_url).toMatch(url);
    }
    for (const u of [settings.interactivity?.request_url, settings.event_subscriptions?.request_url]) if (u !== undefined) expect(u).toMatch(url);
    // Guild publishes a Home tab and answers app_home_opened.
    expect(features.app_home?.home_tab_enabled).toBe(true);
  });
});

describe('what Guild\'s code uses is declared in the manifest', () => {
  const botScopes = new Set(manifest.oauth_config?.scopes?.bot ?? []);
  const botEvents = new Set(manifest.settings?.event_subscriptions?.bot_events ?? []);

  it('every slash command it registers', () => {
    const registered = [...code.matchAll(/kit\.command\(\s*'(\/[a-z0-9_-]+)'/g), ...code.matchAll(/command:\s*'(\/[a-z0-9_-]+)'/g)].map((m) => m[1]);
    const declared = (manifest.features?.slash_commands ?? []).map((c) => c.command);
    expect(registered).toContain('/guild');
    expect([...new Set(registered)].filter((c) => !declared.includes(c))).toEqual([]);
  });

  it('every event it listens to', () => {
    const events = [...code.matchAll(/kit\.event\(\s*'([a-z_]+)'/g)].map((m) => m[1] as string);
    expect(events).toEqual(expect.arrayContaining(['app_home_opened', 'user_change', 'member_joined_channel', 'message']));
    // A `message` listener hears channel messages through message.channels and message.groups.
    const needed = events.flatMap((e) => (e === 'message' ? ['message.channels', 'message.groups'] : [e]));
    expect(needed.filter((e) => !botEvents.has(e))).toEqual([]);
  });

  it('the scope of every Web API method it calls', () => {
    // Calls as `<client>.<namespace>.<method>(` and the SDK's filesUploadV2; only names the SDK really has.
    const client = new WebClient() as unknown as Record<string, Record<string, unknown> | ((...args: unknown[]) => unknown)>;
    const called = new Set<string>();
    for (const m of code.matchAll(/\.([a-z]+)\.([a-zA-Z]+)\(/g)) {
      const [namespace, method] = [m[1] as string, m[2] as string];
      if (!WEB_API_FAMILIES.has(namespace)) continue;
      const group = client[namespace];
      if (group && typeof group === 'object' && typeof group[method] === 'function') called.add(`${namespace}.${method}`);
    }
    if (/\.filesUploadV2\(/.test(code)) called.add('files.uploadV2');
    expect([...called]).toEqual(expect.arrayContaining(['chat.postMessage', 'views.open', 'conversations.join', 'files.uploadV2']));
    expect([...called].filter((method) => !(method in METHOD_SCOPE))).toEqual([]);
    const missing = [...called].map((method) => [method, METHOD_SCOPE[method]]).filter(([, scope]) => scope !== undefined && !botScopes.has(scope));
    expect(missing).toEqual([]);
    // Conversations of every kind are read and opened: DMs, group DMs and private channels too.
    for (const scope of ['groups:read', 'groups:history', 'im:history', 'mpim:write', 'mpim:history']) expect(botScopes.has(scope)).toBe(true);
  });
});
