import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { fail, serveUntilStopped } from './serve';

/**
 * The baseline: a Bolt app with the same receiver and endpoint as Guild whose listeners only ack,
 * so the ratio against it isolates what Guild adds on the ack path.
 */
serveUntilStopped(async () => {
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL } = process.env;
  if (!SLACK_BOT_TOKEN || !SLACK_SIGNING_SECRET || !SLACK_API_URL) throw new Error('bare-server needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL');
  const app = new App({
    token: SLACK_BOT_TOKEN,
    signingSecret: SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    clientOptions: { slackApiUrl: SLACK_API_URL },
    logLevel: LogLevel.ERROR,
  });
  app.command('/guild', async ({ ack }) => {
    await ack();
  });
  app.view('guild_profile', async ({ ack }) => {
    await ack();
  });
  app.action('retro_vote', async ({ ack }) => {
    await ack();
  });
  app.action('poll_vote', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    async stop() {
      await app.stop();
    },
  };
}).catch(fail);
