import { WebClient } from '@slack/web-api';
import { LocalSlack } from '../../../src/sandbox';
import { startBoltApp, type RunningApp } from './bolt-fixtures';

describe('local Slack: people posting, and files', () => {
  let slack: LocalSlack;
  let client: WebClient;
  beforeEach(async () => {
    slack = await LocalSlack.start({ signingSecret: 'files-secret' });
    client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(async () => {
    await slack.stop();
  });

  describe.each(['http', 'socket'] as const)('a person posting (%s)', (transport) => {
    let running: RunningApp;
    afterEach(async () => {
      await running.stop();
    });

    it('stores a thread reply as Slack does and delivers it as a message event', async () => {
      const seen: Record<string, unknown>[] = [];
      running = await startBoltApp(slack, transport, (app) => {
        app.event('message', async ({ event }) => {
          seen.push(event as unknown as Record<string, unknown>);
        });
      });
      const driver = transport === 'http' ? slack.httpDriver({ url: running.url }) : slack.socketDriver();
      const ada = slack.addUser({ name: 'ada' });
      const outsider = slack.addUser({ name: 'eve' });
      const channel = slack.addChannel({ name: 'design', members: [ada.id], botMember: true });
      const root = await client.chat.postMessage({ channel: channel.id, text: 'Discuss: flaky tests' });

      const posted = await driver.message({ user: ada, channel, text: 'Quarantine them', threadTs: root.ts! });
      expect(posted.failed).toBe(false);
      await slack.waitFor(() => seen.length === 1);
      expect(seen[0]).toMatchObject({ type: 'message', channel: channel.id, user: ada.id, text: 'Quarantine them', ts: posted.ts, thread_ts: root.ts, channel_type: 'channel' });
      const replies = await client.conversations.replies({ channel: channel.id, ts: root.ts! });
      expect(replies.messages?.map((m) => m.text)).toEqual(['Discuss: flaky tests', 'Quarantine them']);
      expect(replies.messages?.[0]).toMatchObject({ reply_count: 1, reply_users: [ada.id] });

      const top = await driver.message({ user: ada, channel, text: 'Anyone around?' });
      await slack.waitFor(() => seen.length === 2);
      expect(seen[1]).not.toHaveProperty('thread_ts');
      expect(slack.messages(channel.id).map((m) => m.ts)).toEqual([root.ts, top.ts]);

      await expect(driver.message({ user: outsider, channel, text: 'hi' })).rejects.toThrow(/not in/);
      await expect(driver.message({ user: ada, channel, text: 'hi', threadTs: '1.000' })).rejects.toThrow(/no message 1.000/);
    });
  });

  it('takes a files.uploadV2 upload and shares it in a DM with its comment', async () => {
    const ada = slack.addUser({ name: 'ada' });
    const dm = (await client.conversations.open({ users: ada.id })).channel!.id!;
    const content = 'kind,text\r\nitem,"Ünïcödé, quoted"\r\n';
    const result = await client.filesUploadV2({ channel_id: dm, filename: 'retro-7.csv', title: 'Retro: Sprint 7', content, initial_comment: 'Here it is' });
    expect(result.ok).toBe(true);
    const [file] = slack.files();
    expect(file).toMatchObject({ name: 'retro-7.csv', title: 'Retro: Sprint 7', channel: dm });
    expect(file!.content.toString('utf8')).toBe(content);
    const share = slack.messages(dm).at(-1)!;
    expect(share).toMatchObject({ text: 'Here it is', files: [{ id: file!.id, name: 'retro-7.csv', title: 'Retro: Sprint 7' }] });
    expect(slack.files({ channel: 'C000' })).toEqual([]);
  });

  it('refuses uploads the way Slack does', async () => {
    const channel = slack.addChannel({ name: 'elsewhere', botMember: false });
    await expect(client.filesUploadV2({ channel_id: channel.id, filename: 'a.md', content: '# a' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.files.getUploadURLExternal({ filename: '', length: 3 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    await expect(client.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }] })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    // Completing before the bytes arrived, and bytes of the wrong length.
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'b.md', length: 5 });
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id! }] })).rejects.toMatchObject({ data: { error: 'file_upload_not_completed' } });
    expect((await fetch(upload_url!, { method: 'POST', body: 'too long!' })).status).toBe(400);
    expect((await fetch(upload_url!, { method: 'POST', body: 'right' })).status).toBe(200);
    const done = await client.files.completeUploadExternal({ files: [{ id: file_id!, title: 'B' }] });
    expect(done.files?.[0]).toMatchObject({ id: file_id, title: 'B', size: 5 });
    expect(slack.files()).toEqual([expect.objectContaining({ id: file_id, title: 'B' })]);
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id! }] })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });
});
