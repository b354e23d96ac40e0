import { ConfigError, looksLikeRealSlackToken, sandboxConfig, sandboxPage, wantsSandbox } from '../../src/config';

const local = { apiUrl: 'http://127.0.0.1:4567/api/', botToken: 'xoxb-sandbox-local', signingSecret: 'abc123' };

describe('the sandbox configuration', () => {
  it('is chosen with no Slack credential at all, with --sandbox or GUILD_SANDBOX, never with only some', () => {
    expect(wantsSandbox({})).toBe(true);
    expect(wantsSandbox({ SLACK_BOT_TOKEN: '  ' })).toBe(true);
    expect(wantsSandbox({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toBe(false);
    expect(wantsSandbox({ SLACK_SIGNING_SECRET: 'x' })).toBe(false);
    expect(wantsSandbox({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'x' }, ['--sandbox'])).toBe(true);
    expect(wantsSandbox({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', GUILD_SANDBOX: '1' })).toBe(true);
  });

  it('points Guild at the local Slack only, ignoring the environment\'s Slack and database settings', () => {
    const config = sandboxConfig({ SLACK_BOT_TOKEN: 'xoxb-111-222-realsecret', SLACK_API_URL: 'https://slack.com/api/', DATABASE_URL: 'postgresql://prod/guild', DATA_DIR: '/srv/guild/' }, local);
    expect(config.slack).toMatchObject({ botToken: 'xoxb-sandbox-local', apiUrl: 'http://127.0.0.1:4567/api/', signingSecret: 'abc123', appToken: undefined });
    expect(config.database).toMatchObject({ url: undefined, dataDir: '/srv/guild/sandbox' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('refuses a real-looking token or a Slack that is not on 127.0.0.1', () => {
    expect(looksLikeRealSlackToken('xoxb-1234567890-0987654321-AbCdEf')).toBe(true);
    expect(looksLikeRealSlackToken('xoxb-sandbox-local')).toBe(false);
    expect(() => sandboxConfig({}, { ...local, botToken: 'xoxb-1234567890-0987654321-AbCdEf' })).toThrow(ConfigError);
    expect(() => sandboxConfig({}, { ...local, apiUrl: 'https://slack.com/api/' })).toThrow(ConfigError);
  });

  it('serves the page on 127.0.0.1 and PORT (3000) unless told otherwise', () => {
    expect(sandboxPage({})).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(sandboxPage({ PORT: '8080', SANDBOX_HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(() => sandboxPage({ PORT: 'eighty' })).toThrow(ConfigError);
  });
});
