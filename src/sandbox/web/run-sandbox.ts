import { ConfigError, looksLikeRealSlackToken } from '../../config';
import { startSandbox } from './sandbox';

/**
 * `npm start` without Slack credentials, or `npm run sandbox`: starts the sandbox, says what it
 * is and where it listens, and prints the page's URL as the last line (scripts and people both
 * look there). Stops cleanly on SIGTERM / SIGINT, saving the workspace.
 */
export async function runSandbox(env: Record<string, string | undefined>): Promise<void> {
  let sandbox;
  try {
    sandbox = await startSandbox({ env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const ignored = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'].filter((name) => (env[name] ?? '') !== '');
  const lines = [
    'Guild sandbox: Guild running against a local Slack workspace with twelve demo people. Nothing here talks to slack.com.',
    ignored.length ? `The Slack credentials in the environment (${ignored.join(', ')}) are ignored${ignored.some((n) => looksLikeRealSlackToken(env[n] ?? '')) ? ', never sent anywhere' : ''}.` : '',
    sandbox.host === '127.0.0.1'
      ? 'The page listens on 127.0.0.1 only: whoever opens it can act as anyone (set SANDBOX_HOST to change that).'
      : `The page listens on ${sandbox.host}: whoever can reach it can act as anyone in the sandbox.`,
    `Its workspace is kept in ${sandbox.dataDir} (the page's Reset starts it afresh). Open:`,
    sandbox.url,
  ].filter(Boolean);
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sandbox.logger.info({ signal }, 'stop requested');
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        sandbox.logger.error({ err }, 'sandbox shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
