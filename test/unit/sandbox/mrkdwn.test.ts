import { liveSequences, messageLive } from '../../../src/sandbox';

describe('liveSequences: what a mrkdwn string would do once Slack renders it', () => {
  it('finds special mentions, user and channel mentions, user groups and links', () => {
    const live = liveSequences('<!channel> deploys broke, <@U0123> and <@W042|ada> see <#C0ABC|design>, ping <!subteam^S0OPS|@ops>: <https://evil.example|our wiki> <mailto:a@b.c>');
    expect(live).toEqual({
      pings: ['channel'],
      mentions: ['U0123', 'W042'],
      channels: ['C0ABC'],
      usergroups: ['S0OPS'],
      links: [{ url: 'https://evil.example', label: 'our wiki' }, { url: 'mailto:a@b.c' }],
      dates: [],
    });
  });

  it('knows every special mention, including the labelled and legacy forms', () => {
    expect(liveSequences('<!here> <!here|here> <!everyone> <!group>').pings).toEqual(['here', 'here', 'everyone', 'channel']);
  });

  it('treats a date as a date, not a ping', () => {
    const live = liveSequences('Due <!date^1392734382^{date_short}|Feb 18, 2014>');
    expect(live.pings).toEqual([]);
    expect(live.dates).toEqual(['<!date^1392734382^{date_short}|Feb 18, 2014>']);
  });

  it('finds nothing live in escaped text, plain words or broken sequences', () => {
    expect(liveSequences('&lt;!channel&gt; &lt;@U0123&gt; &lt;https://evil.example|our wiki&gt; &amp;')).toEqual(liveSequences(''));
    expect(liveSequences('@here @channel <not a link> <!channel').pings).toEqual([]);
    expect(liveSequences('a < b > c').links).toEqual([]);
  });

  it('takes the innermost sequence when a stray < comes first', () => {
    expect(liveSequences('<<!here>').pings).toEqual(['here']);
  });

  it('turns bare @channel into a ping only with link_names', () => {
    expect(liveSequences('hey @channel and @here', { linkNames: true }).pings).toEqual(['channel', 'here']);
    expect(liveSequences('hey @channel', { linkNames: false }).pings).toEqual([]);
    expect(liveSequences('mail ada@here.example', { linkNames: true }).pings).toEqual([]);
  });
});

describe('messageLive: the live sequences of a whole message', () => {
  it('parses text, mrkdwn objects and rich_text elements, never plain_text', () => {
    const live = messageLive({
      text: 'fallback <@U1>',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '<!channel> header' } },
        { type: 'section', text: { type: 'mrkdwn', text: '<!here> section' }, fields: [{ type: 'mrkdwn', text: '<@U2>' }, { type: 'plain_text', text: '<@U9>' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '<#C1>' }, { type: 'plain_text', text: '<!everyone>' }] },
        { type: 'actions', elements: [{ type: 'checkboxes', options: [{ text: { type: 'mrkdwn', text: '<https://x.example|x>' }, value: 'x' }] }] },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'broadcast', range: 'everyone' }, { type: 'user', user_id: 'U3' }] }] },
      ],
    });
    expect(live.pings).toEqual(['here', 'everyone']);
    expect(live.mentions).toEqual(['U1', 'U2', 'U3']);
    expect(live.channels).toEqual(['C1']);
    expect(live.links).toEqual([{ url: 'https://x.example', label: 'x' }]);
  });

  it('parses legacy attachments too', () => {
    expect(messageLive({ attachments: [{ text: '<!channel>', fields: [{ title: 't', value: '<@U5>' }] }] })).toMatchObject({ pings: ['channel'], mentions: ['U5'] });
  });
});
