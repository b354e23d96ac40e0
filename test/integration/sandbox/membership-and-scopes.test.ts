import type { App } from '@slack/bolt';
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { defaultBotScopes, LocalSlack, type SlackDriver } from '../../../src/sandbox';
import { quietLogger, startBoltApp, type RunningApp, type Transport } from './bolt-fixtures';

async function failure(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (err) {
    return (err as WebAPIPlatformError).data as unknown as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

const client = (slack: LocalSlack) => new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });

describe.each<Transport>(['http', 'socket'])('events only from conversations the bot is in (%s)', (transport) => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  const seen: Array<Record<string, unknown>> = [];
  const commands: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, socketPingIntervalMs: 200 });
    running = await startBoltApp(slack, transport, (app: App) => {
      app.event('message', async ({ event }) => {
        seen.push(event as unknown as Record<string, unknown>);
      });
      app.event('member_joined_channel', async ({ event }) => {
        seen.push(event as unknown as Record<string, unknown>);
      });
      app.command('/guild', async ({ ack, command }) => {
        commands.push(command as unknown as Record<string, unknown>);
        await ack();
      });
    });
    driver = transport === 'http' ? slack.httpDriver({ url: running.url }) : slack.socketDriver();
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });
  beforeEach(() => {
    seen.length = 0;
    commands.length = 0;
  });

  it('withholds thread replies and joins from a channel the bot was never invited to, and delivers them once it is', async () => {
    const ada = slack.addUser({ name: `ada${transport}` });
    const bea = slack.addUser({ name: `bea${transport}` });
    const design = slack.addChannel({ name: `design-${transport}`, members: [ada.id] });
    expect(slack.botIsMember(design.id)).toBe(false);
    // chat:write.public lets the app post without joining: it hears nothing back.
    const board = await client(slack).chat.postMessage({ channel: design.id, text: 'Retro board' });
    const reply = await driver.message({ user: ada, channel: design, threadTs: board.ts as string, text: 'A note' });
    expect(reply).toMatchObject({ delivered: false, withheld: 'bot_not_in_channel' });
    expect(slack.messages(design.id)[0]?.replies.map((r) => r.text)).toEqual(['A note']);
    expect(await driver.joinChannel({ user: bea, channel: design })).toMatchObject({ delivered: false, withheld: 'bot_not_in_channel' });
    expect(slack.withheldEvents().map((e) => [e.type, e.channel])).toEqual([
      ['message', design.id],
      ['member_joined_channel', design.id],
    ]);

    const invited = await slack.inviteBot(design.id, ada.id);
    expect(invited).toMatchObject({ delivered: true, failed: false });
    await slack.waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ type: 'member_joined_channel', user: slack.botUserId, channel: design.id, inviter: ada.id, channel_type: 'C' });
    expect(await slack.inviteBot(design.id, ada.id)).toMatchObject({ delivered: false });

    await driver.message({ user: ada, channel: design, threadTs: board.ts as string, text: 'Another note' });
    await slack.waitFor(() => seen.length === 2);
    expect(seen[1]).toMatchObject({ type: 'message', text: 'Another note', thread_ts: board.ts });
    await expect(slack.inviteBot(design.id, 'U0NOTHERE')).rejects.toThrow(/unknown user|not in/);
  });

  it('always delivers messages in the bot\'s own DM', async () => {
    const cal = slack.addUser({ name: `cal${transport}` });
    const dm = (await client(slack).conversations.open({ users: cal.id })).channel?.id as string;
    const result = await driver.message({ user: cal, channel: dm, text: 'hello bot' });
    expect(result.delivered).toBe(true);
    await slack.waitFor(() => seen.some((e) => e.text === 'hello bot' && e.channel_type === 'im'));
  });

  it('says privategroup for a private channel and directmessage for a DM in slash commands', async () => {
    const dee = slack.addUser({ name: `dee${transport}` });
    const council = slack.addChannel({ name: `council-${transport}`, isPrivate: true, members: [dee.id] });
    await driver.command({ user: dee, channel: council, command: '/guild', text: 'setup' });
    const dm = (await client(slack).conversations.open({ users: dee.id })).channel?.id as string;
    await driver.command({ user: dee, channel: dm, command: '/guild', text: 'help' });
    expect(commands.map((c) => [c.channel_id, c.channel_name])).toEqual([
      [council.id, 'privategroup'],
      [dm, 'directmessage'],
    ]);
  });

  it('tells the app its bot joined after conversations.join', async () => {
    const open = slack.addChannel({ name: `open-${transport}` });
    await client(slack).conversations.join({ channel: open.id });
    await slack.waitFor(() => seen.some((e) => e.type === 'member_joined_channel' && e.channel === open.id && e.user === slack.botUserId));
  });
});

describe('conversations.join, conversations.info and chat.postMessage by membership', () => {
  let slack: LocalSlack;
  let web: WebClient;
  let ada: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    web = client(slack);
    ada = slack.addUser({ name: 'ada' }).id;
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('joins public channels only, once', async () => {
    const open = slack.addChannel({ name: 'open', members: [ada] });
    const secret = slack.addChannel({ name: 'secret', isPrivate: true, members: [ada] });
    const joined = await web.conversations.join({ channel: open.id });
    expect(joined.channel).toMatchObject({ id: open.id, is_member: true });
    expect(slack.botIsMember(open.id)).toBe(true);
    const again = await web.conversations.join({ channel: open.id });
    expect(again).toMatchObject({ ok: true, warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
    expect((await failure(web.conversations.join({ channel: 'C0NOPE' }))).error).toBe('channel_not_found');
    // A private channel the bot is not in does not exist for it; one it was invited to cannot be joined.
    expect((await failure(web.conversations.join({ channel: secret.id }))).error).toBe('channel_not_found');
    await slack.inviteBot(secret.id, ada);
    expect((await failure(web.conversations.join({ channel: secret.id }))).error).toBe('method_not_supported_for_channel_type');
  });

  it('describes channels, and hides private ones the bot is not in', async () => {
    const lobby = slack.addChannel({ name: 'lobby', members: [ada] });
    const hidden = slack.addChannel({ name: 'hidden', isPrivate: true, members: [ada] });
    expect((await web.conversations.info({ channel: lobby.id })).channel).toMatchObject({ id: lobby.id, name: 'lobby', is_channel: true, is_private: false, is_im: false, is_member: false });
    expect((await failure(web.conversations.info({ channel: hidden.id }))).error).toBe('channel_not_found');
    await slack.inviteBot(hidden.id, ada);
    expect((await web.conversations.info({ channel: hidden.id })).channel).toMatchObject({ name: 'hidden', is_private: true, is_member: true });
  });

  it('posts to a public channel without joining only with chat:write.public', async () => {
    const pub = slack.addChannel({ name: 'pub', members: [ada] });
    const priv = slack.addChannel({ name: 'priv', isPrivate: true, members: [ada] });
    await web.chat.postMessage({ channel: pub.id, text: 'allowed by chat:write.public' });
    expect((await failure(web.chat.postMessage({ channel: priv.id, text: 'x' }))).error).toBe('channel_not_found');
    const strict = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, scopes: ['chat:write'] });
    try {
      const other = strict.addChannel({ name: 'pub' });
      expect((await failure(client(strict).chat.postMessage({ channel: other.id, text: 'x' }))).error).toBe('not_in_channel');
    } finally {
      await strict.stop();
    }
  });
});

describe('scopes of the bot token', () => {
  it('answers missing_scope with what was needed and what the token has', async () => {
    const slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, scopes: ['chat:write', 'im:write'] });
    try {
      const web = client(slack);
      const ada = slack.addUser({ name: 'ada' }).id;
      const open = slack.addChannel({ name: 'open', members: [ada] });
      expect(await failure(web.conversations.join({ channel: open.id }))).toMatchObject({ ok: false, error: 'missing_scope', needed: 'channels:join', provided: 'chat:write,im:write' });
      expect(await failure(web.users.info({ user: ada }))).toMatchObject({ error: 'missing_scope', needed: 'users:read' });
      expect(await failure(web.conversations.open({ users: `${ada},${slack.addUser({ name: 'bea' }).id}` }))).toMatchObject({ error: 'missing_scope', needed: 'mpim:write' });
      expect(slack.scopes).toEqual(['chat:write', 'im:write']);
    } finally {
      await slack.stop();
    }
  });

  it('reads history only where the bot is a member, with the scope of the conversation\'s kind', async () => {
    // The manifest's scopes, less im:history: channels:history and groups:history are there.
    const slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, scopes: defaultBotScopes().filter((s) => s !== 'im:history') });
    try {
      const web = client(slack);
      const ada = slack.addUser({ name: 'ada' }).id;
      const joined = slack.addChannel({ name: 'joined', members: [ada], botMember: true });
      const notJoined = slack.addChannel({ name: 'not-joined', members: [ada] });
      const secret = slack.addChannel({ name: 'secret', isPrivate: true, members: [ada] });
      await web.chat.postMessage({ channel: joined.id, text: 'one' });
      await web.chat.postMessage({ channel: notJoined.id, text: 'posted without joining' });
      expect((await web.conversations.history({ channel: joined.id })).messages?.map((m) => m.text)).toEqual(['one']);
      expect((await failure(web.conversations.history({ channel: notJoined.id }))).error).toBe('not_in_channel');
      expect((await failure(web.conversations.history({ channel: secret.id }))).error).toBe('channel_not_found');
      const dm = await web.chat.postMessage({ channel: ada, text: 'a DM' });
      expect(await failure(web.conversations.history({ channel: dm.channel as string }))).toMatchObject({ error: 'missing_scope', needed: 'im:history' });
      expect(await failure(web.conversations.replies({ channel: dm.channel as string, ts: dm.ts as string }))).toMatchObject({ error: 'missing_scope', needed: 'im:history' });
      // users:read.email is in the manifest: the email is shown.
      slack.addUser({ name: 'eve', email: 'eve@example.org', id: 'U0EVE' });
      expect((await web.users.info({ user: 'U0EVE' })).user?.profile?.email).toBe('eve@example.org');
    } finally {
      await slack.stop();
    }
  });

  it('shows no email without users:read.email', async () => {
    const slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, scopes: ['users:read'] });
    try {
      slack.addUser({ name: 'eve', email: 'eve@example.org', id: 'U0EVE' });
      expect((await client(slack).users.info({ user: 'U0EVE' })).user?.profile).not.toHaveProperty('email');
    } finally {
      await slack.stop();
    }
  });
});
