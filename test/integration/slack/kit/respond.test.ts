import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalSlack } from '../../../../src/sandbox';
import { respondTo, ResponseUrlError, responseUrlOf } from '../../../../src/slack/kit/respond';

/** Guild's respond(): a message posted to a response_url, as Slack (here the local one) takes it. */
describe('respondTo', () => {
  let slack: LocalSlack;
  let ada: string;
  let room: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    ada = slack.addUser({ name: 'ada' }).id;
    room = slack.addChannel({ name: 'room', members: [ada] }).id;
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('posts a message, or a string as its text, which the person sees as an ephemeral', async () => {
    const respond = respondTo(slack.issueResponseUrl({ user: ada, channel: room }));
    const answered = await respond({ response_type: 'ephemeral', replace_original: false, text: 'Counted. You have 2 votes left.' });
    expect(answered.status).toBe(200);
    await respond('Counted. You have 1 vote left.');
    expect(slack.ephemerals({ user: ada, channel: room }).map((e) => [e.text, e.via])).toEqual([
      ['Counted. You have 2 votes left.', 'response_url'],
      ['Counted. You have 1 vote left.', 'response_url'],
    ]);
  });

  it("throws Slack's refusal with its status and answer, and posts nothing: a sixth use of one URL", async () => {
    const url = slack.issueResponseUrl({ user: ada, channel: room });
    const respond = respondTo(url);
    for (let use = 1; use <= 5; use += 1) await respond(`use ${use}`);
    const refused = await respond('use 6').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ResponseUrlError);
    expect(refused).toMatchObject({ status: 404, message: expect.stringContaining('used_url') });
    expect(slack.ephemerals({ user: ada, channel: room }).map((e) => e.text)).not.toContain('use 6');
  });

  it('throws on a URL Slack never issued', async () => {
    await expect(respondTo(`${slack.issueResponseUrl({ user: ada, channel: room })}-forged`)('hello')).rejects.toMatchObject({ status: 404 });
  });

  it('gives up on a response_url that never answers, and on one nobody listens at', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(respondTo(`http://127.0.0.1:${port}/response/1`, 200)('hello')).rejects.toThrow(/timeout/i);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    await expect(respondTo(`http://127.0.0.1:${port}/response/1`)('hello')).rejects.toThrow();
    await expect(respondTo('ftp://hooks.slack.test/response/1')('hello')).rejects.toThrow(/http or https/);
  });

  /** A server answering each request as `answer` says, given how many this connection served before. */
  async function serving(answer: (served: number, req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
    const served = new WeakMap<object, number>();
    let connections = 0;
    const server = createServer((req, res) => {
      const before = served.get(req.socket) ?? 0;
      served.set(req.socket, before + 1);
      req.resume();
      req.on('end', () => answer(before, req, res));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/1`,
      connections: () => connections,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('sends the next answer on the same connection, and once more on a new one when the server closed it as it was reused', async () => {
    const reuses = await serving((_served, _req, res) => res.end('ok'));
    const flaky = await serving((served, req, res) => (served === 0 ? res.end('ok') : req.socket.destroy()));
    try {
      for (let i = 0; i < 3; i += 1) await respondTo(reuses.url)(`answer ${i}`);
      expect(reuses.connections()).toBe(1);
      await respondTo(flaky.url)('first');
      await respondTo(flaky.url)('second: its connection is closed under it, so it goes again on a new one');
      expect(flaky.connections()).toBe(2);
    } finally {
      await reuses.close();
      await flaky.close();
    }
  });

  it('does not send again a request that a new connection lost without an answer: the server may have acted on it', async () => {
    const refusing = await serving((_served, req) => req.socket.destroy());
    try {
      await expect(respondTo(refusing.url)('never answered')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(refusing.connections()).toBe(1);
    } finally {
      await refusing.close();
    }
  });
});

describe('responseUrlOf', () => {
  it("takes a payload's response_url, else a form's first one, as Bolt does", () => {
    expect(responseUrlOf({ response_url: 'https://hooks.slack.com/actions/1' })).toBe('https://hooks.slack.com/actions/1');
    expect(responseUrlOf({ response_urls: [{ response_url: 'https://hooks.slack.com/views/2' }, { response_url: 'https://hooks.slack.com/views/3' }] })).toBe('https://hooks.slack.com/views/2');
  });

  it.each([
    ['no body', undefined],
    ['no URL (a click in a modal or the App Home)', { type: 'block_actions' }],
    ['an empty URL', { response_url: '' }],
    ['a form without URLs', { response_urls: [] }],
    ['a malformed list', { response_urls: ['https://hooks.slack.com/views/2'] }],
    ['a URL that is not text', { response_url: 42 }],
  ])('has none for %s', (_case, body) => {
    expect(responseUrlOf(body)).toBeUndefined();
  });
});
