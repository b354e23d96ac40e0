import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { slackErrorCode } from '../delivery/slack-errors';
import { StartupError } from '../startup-error';
import { boltLogger } from './bolt-logger';
import { healthRoutes, type HealthChecks } from './health';
import { httpRouter, type HttpRoute, type HttpRouter } from './http-routes';
import type { InFlight } from './in-flight';

export interface SlackApp {
  app: App;
  /** Base URL of the HTTP server (Slack requests in HTTP mode, health checks in both). */
  url: string;
  stop(): Promise<void>;
}

/** Outbound Web API retries: a few quick ones, so a failing Slack never stalls work for long. */
export const SLACK_RETRY = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000 };

/**
 * Builds the Bolt app on the receiver the configuration asks for (Socket Mode when an app token
 * is set, signed HTTP otherwise), with every listener's work tracked for graceful shutdown.
 * The health checks and the rituals' HTTP routes are served by one router in both modes: before
 * Bolt's own handling in HTTP mode, by a small server of their own in Socket Mode.
 */
export async function startSlackApp(
  config: Config,
  logger: Logger,
  health: HealthChecks,
  inFlight: InFlight,
  register: (app: App) => void,
  routes: readonly HttpRoute[] = [],
): Promise<SlackApp> {
  const log = boltLogger(logger);
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: SLACK_RETRY };
  const router = httpRouter([...healthRoutes(health), ...routes], logger, (work) => inFlight.track(work));
  const receiver = config.slack.appToken
    ? new SocketModeReceiver({ appToken: config.slack.appToken, logger: log, installerOptions: { clientOptions } })
    : new HTTPReceiver({ signingSecret: config.slack.signingSecret ?? '', logger: log, endpoints: '/slack/events' });
  if (receiver instanceof HTTPReceiver) serveBeforeBolt(receiver, router, logger);
  const identity = await verifyBotToken(new WebClient(config.slack.botToken, { ...clientOptions, logger: log }), config.slack.apiUrl);
  // Bolt would otherwise call auth.test itself, unawaited, at construction.
  // No conversation store: Guild keeps its state in Postgres, and Bolt's in-memory store costs
  // every request a lookup (and would differ between replicas anyway).
  const app = new App({ token: config.slack.botToken, ...identity, receiver, logger: log, clientOptions, convoStore: false });
  app.use(({ next }) => inFlight.track(next));
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });
  register(app);

  const server = receiver instanceof SocketModeReceiver ? await startSocketMode(app, router, config) : ((await app.start({ port: config.http.port, host: config.http.host })) as Server);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ mode: receiver instanceof SocketModeReceiver ? 'socket' : 'http', port: address.port }, 'Guild is listening to Slack');
  return {
    app,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    stop: () => stopSlackApp(app, receiver, server),
  };
}

/** Socket Mode needs no inbound HTTP, but health checks and calendar feeds do: a small server of their own. */
async function startSocketMode(app: App, router: HttpRouter, config: Config): Promise<Server> {
  const server = createServer((req, res) => {
    if (!router(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });
  await app.start();
  return server;
}

async function stopSlackApp(app: App, receiver: HTTPReceiver | SocketModeReceiver, server: Server): Promise<void> {
  if (receiver instanceof SocketModeReceiver) {
    // Finish the WebSocket close handshake, so nothing of the connection outlives stop().
    const disconnected = new Promise<void>((resolve) => receiver.client.once('disconnected', () => resolve()));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await app.stop();
    await Promise.race([disconnected, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await closed;
  } else {
    const stopped = app.stop();
    server.closeIdleConnections();
    await stopped;
  }
}

/** Slack's rule: refuse a request stamped more than five minutes from local time, either way. */
export const REQUEST_STAMP_TOLERANCE_S = 300;

/**
 * Guild's own routes first, then Slack's requests to Bolt. Bolt refuses requests stamped more
 * than five minutes in the past but lets through those stamped in the future, which Slack's
 * request-verification reference also asks apps to refuse (a replay held back and sent later).
 * Checked before Bolt reads the body; the signature check that follows covers the stamp itself.
 */
function serveBeforeBolt(receiver: HTTPReceiver, router: HttpRouter, logger: Logger): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (router(req, res)) return;
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp > Date.now() / 1000 + REQUEST_STAMP_TOLERANCE_S) {
      logger.warn({ stamp }, 'refused a request stamped in the future');
      res.writeHead(401).end();
      return;
    }
    inner(req, res);
  };
}

/** Checks the bot token once at start-up, with an error that says what to fix. */
async function verifyBotToken(client: WebClient, apiUrl: string): Promise<{ botId: string; botUserId: string }> {
  try {
    const auth = await client.auth.test();
    if (!auth.bot_id || !auth.user_id) throw new Error('auth.test did not identify a bot: SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
    return { botId: auth.bot_id, botUserId: auth.user_id };
  } catch (err) {
    const code = slackErrorCode(err);
    if (code) throw new StartupError(`Slack rejected SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token again from your app's "OAuth & Permissions" page.`);
    throw new StartupError(`Could not reach Slack's Web API at ${apiUrl}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
