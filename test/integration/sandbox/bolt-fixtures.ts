import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import type { LocalSlack } from '../../../src/sandbox';

/** Keeps Bolt and WebClient quiet in test output; failures still surface through assertions. */
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export interface RunningApp {
  app: App;
  /** The Request URL for the HTTP driver (empty in Socket Mode). */
  url: string;
  stop(): Promise<void>;
}

export type Transport = 'http' | 'socket';

/** A real Bolt app pointed at the local Slack, over HTTP or Socket Mode; listeners are added by `register`. */
export async function startBoltApp(slack: LocalSlack, transport: Transport, register: (app: App) => void): Promise<RunningApp> {
  const clientOptions = { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } };
  if (transport === 'socket') {
    // Built by hand (rather than `socketMode: true`) to shorten the client's reconnect delay,
    // which App does not expose; the apps.connections.open URL follows clientOptions either way.
    const receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: quietLogger,
      clientPingTimeout: 500,
      installerOptions: { clientOptions },
    });
    const app = new App({ token: slack.botToken, receiver, logger: quietLogger, clientOptions });
    register(app);
    await app.start();
    const stop = async (): Promise<void> => {
      await app.stop();
      // Bolt's stop() does not wait for the WebSocket close handshake; without this wait the
      // client keeps a 30 s close timer alive when the local Slack goes away first.
      await slack.waitFor(() => slack.socketConnections === 0, { description: 'socket mode connections to close' });
    };
    return { app, url: '', stop };
  }
  const app = new App({ token: slack.botToken, signingSecret: slack.signingSecret, logger: quietLogger, clientOptions });
  register(app);
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() as Promise<void> };
}
