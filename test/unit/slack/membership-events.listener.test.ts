import pino from 'pino';
import type { CommunityService } from '../../../src/community/community.service';
import type { Ritual, ThreadReply } from '../../../src/rituals/ritual';
import { onMemberJoinedChannel, onThreadReply, onUserChange } from '../../../src/slack/membership-events.listener';
import { ADA, TEAM } from '../../support/listener-fakes';

/** Events need no ack (Bolt acks them); each listener hands the service what it needs, once per event id. */
describe('onUserChange', () => {
  it.each([
    [true, { id: ADA, deleted: true }, undefined],
    [false, { id: ADA }, undefined],
    [false, { id: ADA, tz: 'Asia/Tokyo' }, 'Asia/Tokyo'],
    [false, { id: ADA, tz: '' }, undefined],
  ])('records the account change (deleted: %s) and Slack\'s time zone under the event id', async (deleted, user, tz) => {
    const community = { accountChanged: jest.fn(async () => 'updated') };
    await onUserChange({ community: community as unknown as CommunityService, logger: pino({ level: 'silent' }) })({ event: { type: 'user_change', user }, body: { event_id: 'Ev1' } } as never);
    expect(community.accountChanged).toHaveBeenCalledWith('event:Ev1', ADA, deleted, tz);
  });
});

describe('onMemberJoinedChannel', () => {
  const run = async (user: string) => {
    const community = { channelJoined: jest.fn(async () => undefined) };
    await onMemberJoinedChannel({ community: community as unknown as CommunityService })({ event: { type: 'member_joined_channel', user, channel: 'C0GUILD' }, body: { event_id: 'Ev2', team_id: TEAM }, context: { botUserId: 'U0GUILDBOT' } } as never);
    return community.channelJoined;
  };

  it('records a person joining a channel under the event id', async () => {
    expect(await run(ADA)).toHaveBeenCalledWith('event:Ev2', { teamId: TEAM, channelId: 'C0GUILD' }, ADA);
  });

  it('ignores Guild itself joining', async () => {
    expect(await run('U0GUILDBOT')).not.toHaveBeenCalled();
  });
});

describe('onThreadReply', () => {
  const reply = { type: 'message', channel: 'C0RETRO', user: ADA, text: 'cache it', ts: '1700000001.000200', thread_ts: '1700000000.000100' };
  const run = async (event: Record<string, unknown>) => {
    const heard: ThreadReply[] = [];
    const rituals: Partial<Ritual>[] = [{ name: 'quiet' }, { name: 'retro', onThreadReply: async (r) => void heard.push(r) }, { name: 'polls', onThreadReply: async (r) => void heard.push({ ...r, text: `polls: ${r.text}` }) }];
    await onThreadReply({ rituals: rituals as Ritual[] })({ event, body: { team_id: TEAM } } as never);
    return heard;
  };

  it('hands a person\'s thread reply to every ritual with a thread hook', async () => {
    const expected = { teamId: TEAM, channelId: 'C0RETRO', threadTs: '1700000000.000100', messageTs: '1700000001.000200', userId: ADA, text: 'cache it' };
    expect(await run(reply)).toEqual([expected, { ...expected, text: 'polls: cache it' }]);
  });

  it.each([
    ['an edit or other subtype', { subtype: 'message_changed' }],
    ['a message outside a thread', { thread_ts: undefined }],
    ['the thread\'s parent message', { thread_ts: reply.ts }],
    ['a bot\'s reply', { bot_id: 'B0BOT' }],
    ['a reply without a person', { user: undefined }],
  ])('ignores %s', async (_, change) => {
    expect(await run({ ...reply, ...change })).toEqual([]);
  });
});
