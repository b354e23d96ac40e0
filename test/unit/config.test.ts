import { ConfigError, loadConfig } from '../../src/config';

const valid = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shhh-secret' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults: HTTP mode, embedded Postgres in ./.data, port 3000, Slack\'s API', () => {
    const config = loadConfig(valid);
    expect(config.slack).toEqual({ botToken: 'xoxb-1-2-abc', signingSecret: 'shhh-secret', appToken: undefined, apiUrl: 'https://slack.com/api/', rateScale: 1, rateBudget: 'shared' });
    expect(config.database).toEqual({ url: undefined, dataDir: './.data', embeddedPort: 0 });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.log).toEqual({ level: 'info', pretty: false });
  });

  it('lists every missing credential at once, each with where to find it', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN is missing: .*OAuth & Permissions.*slack-app-manifest\.yml/);
    expect(problems[1]).toMatch(/^SLACK_SIGNING_SECRET is missing .*Basic Information/);
  });

  it('needs no signing secret in Socket Mode', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' });
    expect(config.slack.appToken).toBe('xapp-1-A');
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it('rejects malformed values rather than passing NaN or junk along', () => {
    const problems = problemsOf({ ...valid, PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SLACK_APP_TOKEN: 'xoxb-wrong', SLACK_API_URL: 'not a url' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SLACK_API_URL', 'SLACK_APP_TOKEN']);
    expect(problems.find((p) => p.startsWith('PORT'))).toMatch(/whole number.*e\.g\. 3000/);
    expect(() => loadConfig({ ...valid, PORT: '70000' })).toThrow(ConfigError);
    expect(problemsOf({ ...valid, GUILD_SECRET: 'short' })).toEqual([expect.stringMatching(/^GUILD_SECRET must be at least 32 characters: .*openssl rand/)]);
  });

  it('reads GUILD_PUBLIC_URL as an http(s) URL, unset when empty', () => {
    expect(loadConfig({ ...valid, GUILD_PUBLIC_URL: 'https://guild.example.org' }).http.publicUrl).toBe('https://guild.example.org');
    expect(loadConfig({ ...valid, GUILD_PUBLIC_URL: '' }).http.publicUrl).toBeUndefined();
    expect(problemsOf({ ...valid, GUILD_PUBLIC_URL: 'guild.example.org' })).toEqual([expect.stringMatching(/^GUILD_PUBLIC_URL .*e\.g\. https:\/\/guild\.example\.org/)]);
  });

  it('reads GUILD_FEEDS_ALLOW_PRIVATE as a flag, off by default', () => {
    expect(loadConfig(valid).feeds).toEqual({ allowPrivate: false });
    expect(loadConfig({ ...valid, GUILD_FEEDS_ALLOW_PRIVATE: '1' }).feeds).toEqual({ allowPrivate: true });
    expect(loadConfig({ ...valid, GUILD_FEEDS_ALLOW_PRIVATE: '0' }).feeds).toEqual({ allowPrivate: false });
    expect(problemsOf({ ...valid, GUILD_FEEDS_ALLOW_PRIVATE: 'maybe' })).toEqual([expect.stringMatching(/^GUILD_FEEDS_ALLOW_PRIVATE .*1 or 0/)]);
  });

  it('treats empty strings as unset and normalises the API URL', () => {
    const config = loadConfig({ ...valid, DATABASE_URL: '', SLACK_API_URL: 'http://127.0.0.1:9999/api', PORT: '' });
    expect(config.database.url).toBeUndefined();
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.http.port).toBe(3000);
  });
});
