import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { LocalSlack } from '../../../src/sandbox';
import { quietLogger } from './bolt-fixtures';

function client(slack: LocalSlack, token = slack.botToken): WebClient {
  return new WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
}

async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    return (err as WebAPIPlatformError).data?.error ?? String(err);
  }
  throw new Error('expected the call to fail');
}

describe('local Slack Web API, through the real WebClient', () => {
  let slack: LocalSlack;
  let web: WebClient;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'secret', rateLimits: { enabled: false } });
    web = client(slack);
  });
  afterAll(async () => {
    await slack.stop();
  });
  beforeEach(() => slack.resetRecords());

  it('answers auth.test as the bot and rejects missing or wrong tokens', async () => {
    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0GUILD' });
    expect(await errorOf(client(slack, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await errorOf(new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger }).auth.test())).toBe('not_authed');
    expect(await errorOf(client(slack, slack.appToken).auth.test())).toBe('not_allowed_token_type');
    expect(await errorOf(web.apps.connections.open())).toBe('not_allowed_token_type');
    expect(await errorOf(web.apiCall('nope.nothing'))).toBe('unknown_method');
    expect(slack.callsTo('auth.test')[0]).toMatchObject({ ok: true, status: 200 });
  });

  it('posts to channels, DMs and threads with Slack errors', async () => {
    const ada = slack.addUser({ name: 'ada' });
    const general = slack.addChannel({ name: 'general', members: [ada.id], botMember: true });
    const outside = slack.addChannel({ name: 'outside', isPrivate: true, botMember: false });
    const archived = slack.addChannel({ name: 'old', isArchived: true, botMember: true });

    const posted = await web.chat.postMessage({ channel: general.id, text: 'hello' });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    const reply = await web.chat.postMessage({ channel: general.id, text: 'in thread', thread_ts: posted.ts as string });
    expect(slack.messages(general.id)).toHaveLength(1);
    expect(slack.messages(general.id)[0]?.replies.map((r) => r.text)).toEqual(['in thread']);
    expect(reply.message?.thread_ts).toBe(posted.ts);

    await web.chat.postMessage({ channel: ada.id, text: 'dm by user id' });
    expect(slack.dms(ada.id).map((m) => m.text)).toEqual(['dm by user id']);

    expect(await errorOf(web.chat.postMessage({ channel: outside.id, text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(web.chat.postMessage({ channel: archived.id, text: 'x' }))).toBe('is_archived');
    expect(await errorOf(web.chat.postMessage({ channel: 'C404', text: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(web.chat.postMessage({ channel: general.id, text: '' }))).toBe('no_text');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await errorOf(web.chat.postMessage({ channel: general.id, text: 'x', blocks: tooMany }))).toBe('invalid_blocks');
    const longSection = [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }];
    expect(await errorOf(web.chat.postMessage({ channel: general.id, text: 'x', blocks: longSection }))).toBe('invalid_blocks');

    const long = await web.chat.postMessage({ channel: general.id, text: 'b'.repeat(40_010) });
    expect(long.response_metadata?.warnings).toEqual(['message_truncated']);
    expect(slack.messages(general.id).at(-1)?.text).toHaveLength(40_000);

    slack.deleteUser(ada.id);
    expect(await errorOf(web.chat.postMessage({ channel: ada.id, text: 'x' }))).toBe('user_not_found');
  });

  it('edits, deletes and links messages and sends ephemerals', async () => {
    const bea = slack.addUser({ name: 'bea' });
    const cal = slack.addUser({ name: 'cal' });
    const room = slack.addChannel({ name: 'room', members: [bea.id], botMember: true });
    const posted = await web.chat.postMessage({ channel: room.id, text: 'v1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] });
    await web.chat.update({ channel: room.id, ts: posted.ts as string, text: 'v2' });
    const [message] = slack.messages(room.id);
    expect(message).toMatchObject({ text: 'v2', edited: { user: 'U0BOT' } });
    expect(message?.blocks).toHaveLength(1);
    expect(await errorOf(web.chat.update({ channel: room.id, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    const link = await web.chat.getPermalink({ channel: room.id, message_ts: posted.ts as string });
    expect(link.permalink).toContain(`/archives/${room.id}/p`);
    await web.chat.delete({ channel: room.id, ts: posted.ts as string });
    expect(slack.messages(room.id)[0]?.deleted).toBe(true);

    await web.chat.postEphemeral({ channel: room.id, user: bea.id, text: 'psst' });
    expect(slack.ephemerals({ user: bea.id })).toMatchObject([{ channel: room.id, text: 'psst', via: 'chat.postEphemeral' }]);
    expect(await errorOf(web.chat.postEphemeral({ channel: room.id, user: cal.id, text: 'x' }))).toBe('user_not_in_channel');
  });

  it('opens the same DM or MPIM for the same set of users', async () => {
    const users = Array.from({ length: 9 }, (_, i) => slack.addUser({ name: `member${i}` }).id);
    const first = await web.conversations.open({ users: users[0] as string });
    const again = await web.conversations.open({ users: users[0] as string });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: first.channel?.id } });
    const group = await web.conversations.open({ users: users.slice(0, 3).join(',') });
    const reordered = await web.conversations.open({ users: [users[2], users[0], users[1]].join(',') });
    expect(group.channel?.id).toMatch(/^G/);
    expect(reordered.channel?.id).toBe(group.channel?.id);
    expect(slack.dmChannelFor(users.slice(0, 3))).toBe(group.channel?.id);
    expect(await errorOf(web.conversations.open({ users: users.join(',') }))).toBe('too_many_users');
    expect(await errorOf(web.conversations.open({ users: '' }))).toBe('not_enough_users');
    expect(await errorOf(web.conversations.open({ users: 'U404' }))).toBe('user_not_found');
    const full = await web.conversations.open({ users: users[1] as string, return_im: true });
    expect(full.channel).toMatchObject({ is_im: true, user: users[1] });
  });

  it('describes users with time zones and paginates users.list', async () => {
    const lisbon = slack.addUser({ name: 'lis', realName: 'Lis Boa', tz: 'Europe/Lisbon', email: 'lis@example.com' });
    const info = await web.users.info({ user: lisbon.id });
    expect(info.user).toMatchObject({ id: lisbon.id, real_name: 'Lis Boa', tz: 'Europe/Lisbon', deleted: false, is_bot: false });
    expect(info.user?.profile).toMatchObject({ email: 'lis@example.com', real_name: 'Lis Boa' });
    expect([0, 3600]).toContain(info.user?.tz_offset);
    expect(await errorOf(web.users.info({ user: 'U404' }))).toBe('user_not_found');

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await web.users.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...(page.members ?? []).map((m) => m.id as string));
      cursor = page.response_metadata?.next_cursor;
      pages += 1;
    } while (cursor);
    expect(seen).toContain(lisbon.id);
    expect(seen).toContain('U0BOT');
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThan(1);
    expect(await errorOf(web.users.list({ cursor: 'garbage' }))).toBe('invalid_cursor');
  });

  it('lists conversations, members, history and replies with cursors', async () => {
    const people = Array.from({ length: 5 }, (_, i) => slack.addUser({ name: `p${i}` }).id);
    const channel = slack.addChannel({ name: 'busy', members: people, botMember: true });
    slack.addChannel({ name: 'secret', isPrivate: true, botMember: false });
    for (let i = 0; i < 5; i += 1) await web.chat.postMessage({ channel: channel.id, text: `m${i}` });
    const first = slack.messages(channel.id)[0]?.ts as string;
    await web.chat.postMessage({ channel: channel.id, thread_ts: first, text: 'r1' });

    const members = await web.conversations.members({ channel: channel.id, limit: 4 });
    expect(members.members).toHaveLength(4);
    const rest = await web.conversations.members({ channel: channel.id, cursor: members.response_metadata?.next_cursor as string });
    expect(rest.response_metadata?.next_cursor).toBe('');
    expect([...(members.members ?? []), ...(rest.members ?? [])].sort()).toEqual([...people, 'U0BOT'].sort());

    const history = await web.conversations.history({ channel: channel.id, limit: 3 });
    expect(history.messages?.map((m) => m.text)).toEqual(['m4', 'm3', 'm2']);
    expect(history.has_more).toBe(true);
    const replies = await web.conversations.replies({ channel: channel.id, ts: first });
    expect(replies.messages?.map((m) => m.text)).toEqual(['m0', 'r1']);

    const list = await web.conversations.list({ types: 'public_channel,private_channel' });
    const names = (list.channels ?? []).map((c) => c.name);
    expect(names).toContain('busy');
    expect(names).not.toContain('secret');
    const info = await web.conversations.info({ channel: channel.id, include_num_members: true });
    expect(info.channel).toMatchObject({ id: channel.id, name: 'busy', is_member: true, num_members: 6 });
  });

  it('schedules messages and posts them when due', async () => {
    const channel = slack.addChannel({ name: 'later' });
    const now = Math.floor(Date.now() / 1000);
    expect(await errorOf(web.chat.scheduleMessage({ channel: channel.id, text: 'x', post_at: now - 10 }))).toBe('time_in_past');
    expect(await errorOf(web.chat.scheduleMessage({ channel: channel.id, text: 'x', post_at: now + 121 * 86400 }))).toBe('time_too_far');
    const far = await web.chat.scheduleMessage({ channel: channel.id, text: 'far', post_at: now + 3600 });
    const list = await web.chat.scheduledMessages.list({ channel: channel.id });
    expect(list.scheduled_messages?.map((m) => m.id)).toEqual([far.scheduled_message_id]);
    await web.chat.deleteScheduledMessage({ channel: channel.id, scheduled_message_id: far.scheduled_message_id as string });
    expect(await errorOf(web.chat.deleteScheduledMessage({ channel: channel.id, scheduled_message_id: 'Q404' }))).toBe('invalid_scheduled_message_id');

    for (let i = 0; i < 30; i += 1) await web.chat.scheduleMessage({ channel: channel.id, text: `s${i}`, post_at: now + 7200 });
    expect(await errorOf(web.chat.scheduleMessage({ channel: channel.id, text: 'x', post_at: now + 7200 }))).toBe('restricted_too_many');

    await web.chat.scheduleMessage({ channel: channel.id, text: 'soon', post_at: Math.floor(Date.now() / 1000) + 1 });
    await slack.waitFor(() => slack.messages(channel.id).find((m) => m.text === 'soon'), { timeoutMs: 3000 });
  });

  it('accepts JSON bodies with a missing_charset warning, like Slack', async () => {
    const channel = slack.addChannel({ name: 'json' });
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: channel.id, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] }),
    });
    const body = (await res.json()) as { ok: boolean; response_metadata?: { warnings: string[] } };
    expect(body.ok).toBe(true);
    expect(body.response_metadata?.warnings).toEqual(['missing_charset']);
    expect(slack.messages(channel.id)[0]?.blocks).toEqual([{ type: 'section', block_id: 'b0', text: { type: 'mrkdwn', text: 'hi' } }]);
  });
});
