import { commandFields, eventCallback } from '../../../src/sandbox/interaction-payloads';
import type { SandboxChannel, SandboxUser } from '../../../src/sandbox';

const user: SandboxUser = { id: 'U1', name: 'ada', realName: 'Ada', displayName: 'ada', tz: 'UTC', isBot: false, deleted: false };
const channel: SandboxChannel = { id: 'C1', name: 'general', isPrivate: false, isIm: false, isMpim: false, isArchived: false, members: new Set(), created: 0 };

describe('interaction payloads', () => {
  it('builds every slash-command field Slack sends', () => {
    const fields = commandFields({ user, channel, command: '/guild', text: 'help', responseUrl: 'http://x/r', triggerId: 't.1' });
    expect(Object.keys(fields)).toEqual([
      'token', 'team_id', 'team_domain', 'channel_id', 'channel_name', 'user_id', 'user_name',
      'command', 'text', 'api_app_id', 'is_enterprise_install', 'response_url', 'trigger_id',
    ]);
    expect(fields).toMatchObject({ team_id: 'T0GUILD', channel_id: 'C1', user_id: 'U1', is_enterprise_install: 'false' });
  });

  it('names a private channel privategroup and a DM directmessage, as Slack does', () => {
    const fields = (c: Partial<SandboxChannel>) => commandFields({ user, channel: { ...channel, ...c }, command: '/guild', text: '', responseUrl: 'http://x/r', triggerId: 't.1' });
    expect(fields({}).channel_name).toBe('general');
    expect(fields({ id: 'G1', name: 'secret-council', isPrivate: true }).channel_name).toBe('privategroup');
    expect(fields({ id: 'D1', name: 'D1', isPrivate: true, isIm: true }).channel_name).toBe('directmessage');
    expect(fields({ id: 'G2', name: 'mpdm-guild--ada--bea-1', isPrivate: true, isMpim: true }).channel_name).toBe('mpdm-guild--ada--bea-1');
  });

  it('wraps events in an event_callback envelope with authorizations', () => {
    const body = eventCallback({ type: 'app_mention', text: 'hi' }, 'Ev1', '1700000000.000100');
    expect(body).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1700000000,
      team_id: 'T0GUILD',
      api_app_id: 'A0GUILD',
      event: { type: 'app_mention', text: 'hi', event_ts: '1700000000.000100' },
      authorizations: [{ user_id: 'U0BOT', is_bot: true }],
    });
  });
});
