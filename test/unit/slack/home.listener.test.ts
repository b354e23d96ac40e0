import type { KnownBlock } from '@slack/types';
import { homeView } from '../../../src/community/home.views';
import { PROFILE_CALLBACK_ID } from '../../../src/community/profile.views';
import type { ProfileService } from '../../../src/community/profile.service';
import type { Ritual } from '../../../src/rituals/ritual';
import { onEditProfileClick, onHomeOpened } from '../../../src/slack/home.listener';
import { ADA, buttonArgs, CallLog, fakeClient, TEAM, testKit, TRIGGER } from '../../support/listener-fakes';

function profileFake(log: CallLog, form: () => Promise<unknown> = async () => ({ timeZone: 'UTC', pinned: false, workdayStart: 540, workdayEnd: 1020, interests: [], interestSuggestions: [] })) {
  return {
    home: log.async('profile.home', { communities: [{ name: 'Design', channelId: 'C0GUILD', organiser: true }], timeZone: 'UTC' }),
    form: jest.fn(async (..._a: unknown[]) => (log.calls.push('profile.form'), form())),
  };
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('onHomeOpened', () => {
  function open(tab: string, rituals: Partial<Ritual>[]) {
    const log = new CallLog();
    const { kit } = testKit(log);
    const profile = profileFake(log);
    const client = fakeClient(log);
    const args = { event: { type: 'app_home_opened', user: ADA, channel: 'D0ADA', tab, event_ts: '1.1' }, body: { team_id: TEAM, event_id: 'Ev1' }, client };
    const run = () => onHomeOpened({ profile: profile as unknown as ProfileService, kit, rituals: rituals as Ritual[] })(args as never);
    return { log, client, profile, run };
  }

  it('ignores the Messages tab', async () => {
    const { log, run } = open('messages', []);
    await run();
    expect(log.calls).toEqual([]);
  });

  it('leaves out the section of a ritual that fails, and still publishes the Home', async () => {
    const { run, client } = open('home', [{ name: 'broken', home: async () => Promise.reject(new Error('boom')) }, { name: 'retro', home: async () => [section('retro section')] }]);
    await run();
    const published = client.views.publish.mock.calls[0]![0] as { view: { blocks: KnownBlock[] } };
    expect(published.view.blocks.at(-1)).toEqual(section('retro section'));
  });

  it('publishes the person\'s Home, then each ritual\'s section, at most 100 blocks', async () => {
    const home = jest.fn(async () => Array.from({ length: 120 }, (_, i) => section(`retro ${i}`)));
    const { run, client, profile } = open('home', [{ name: 'quiet' }, { name: 'retro', home }]);
    await run();
    expect(profile.home).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA });
    expect(home).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA });
    const published = client.views.publish.mock.calls[0]![0] as { user_id: string; view: { type: string; blocks: KnownBlock[] } };
    expect(published.user_id).toBe(ADA);
    expect(published.view.type).toBe('home');
    const own = homeView(await profile.home.mock.results[0]!.value).blocks;
    expect(published.view.blocks).toHaveLength(100);
    expect(published.view.blocks.slice(0, own.length)).toEqual(own);
    expect(published.view.blocks[own.length]).toEqual(section('retro 0'));
    expect(published.view.blocks[99]).toEqual(section(`retro ${99 - own.length}`));
  });
});

describe('onEditProfileClick', () => {
  it('acks first, then opens the profile form with the click\'s trigger id', async () => {
    const log = new CallLog();
    const profile = profileFake(log);
    const { args, ack, client } = buttonArgs(log, undefined, 'edit_profile');
    const { kit } = testKit(log);
    await onEditProfileClick({ profile: profile as unknown as ProfileService, kit })(args);
    expect(log.calls).toEqual(['ack', 'profile.form', 'views.open']);
    expect(ack).toHaveBeenCalledWith();
    expect(profile.form).toHaveBeenCalledWith({ teamId: TEAM, userId: ADA, userName: 'u0ada' }, '');
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: TRIGGER, view: expect.objectContaining({ callback_id: PROFILE_CALLBACK_ID }) });
  });

  it('does not ack twice when the form cannot be read, and tells the person by DM', async () => {
    const log = new CallLog();
    const profile = profileFake(log, async () => Promise.reject(new Error('connection reset')));
    const { args, ack, client } = buttonArgs(log, undefined, 'edit_profile');
    const { kit, messages } = testKit(log);
    await onEditProfileClick({ profile: profile as unknown as ProfileService, kit })(args);
    expect(log.calls).toEqual(['ack', 'profile.form', 'messages.send']);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(client.views.open).not.toHaveBeenCalled();
    expect(messages.send).toHaveBeenCalledWith(expect.objectContaining({ to: { users: [ADA] }, text: expect.stringMatching(/^Your profile form did not open\. Something went wrong/) }));
  });
});
