import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBotScopes, findManifest, manifestBotScopes } from '../../../src/sandbox';

describe('the bot scopes of a Slack app manifest', () => {
  it('reads oauth_config.scopes.bot, without comments, and nothing else', () => {
    const yaml = [
      'display_information:',
      '  name: Test',
      'oauth_config:',
      '  redirect_urls:',
      '    - https://example.invalid/bot',
      '  scopes:',
      '    user:',
      '      - search:read',
      '    bot:',
      '      - commands            # slash commands',
      '      - "chat:write"',
      '',
      "      - 'chat:write.public'",
      'settings:',
      '  bot_events:',
      '    - app_home_opened',
    ].join('\n');
    expect(manifestBotScopes(yaml)).toEqual(['commands', 'chat:write', 'chat:write.public']);
    expect(manifestBotScopes('settings:\n  bot:\n    - nope\n')).toEqual([]);
  });

  it('defaults to what the project manifest declares', () => {
    const manifest = findManifest();
    expect(manifest).toBe(join(process.cwd(), 'slack-app-manifest.yml'));
    const scopes = defaultBotScopes();
    expect(scopes).toEqual(manifestBotScopes(readFileSync(manifest as string, 'utf8')));
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write', 'channels:history', 'channels:join']));
  });
});
