import { FeedFetchError, fetchFeed, type FeedFetchOptions } from '../../../src/rituals/ideas/ideas.fetch';
import { feedWithEtag, rssFeed, startFeedServer, type FeedServer } from '../../support/feed-server';

/**
 * The feed reader against a real HTTP server on 127.0.0.1: conditional GETs, the time and size
 * limits, redirects re-checked against the address rules, and the connection pinned to the
 * address that was checked.
 */
describe('fetchFeed over HTTP', () => {
  let server: FeedServer;
  const options: FeedFetchOptions = { allowPrivate: true, connectTimeoutMs: 1000, totalTimeoutMs: 500, maxBytes: 2 * 1024 * 1024, maxRedirects: 3 };
  const body = rssFeed('Local', [{ title: 'One', link: 'https://example.org/1', date: new Date('2026-12-06T10:00:00Z') }]);

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads a feed with its ETag and Last-Modified, then gets 304 when it sends them back', async () => {
    server.route('/etag.xml', feedWithEtag(body, '"v1"'));
    const first = await fetchFeed(server.url('/etag.xml'), {}, options);
    expect(first).toEqual({ kind: 'fetched', body, etag: '"v1"', lastModified: 'Mon, 07 Dec 2026 06:00:00 GMT', url: server.url('/etag.xml') });
    const second = await fetchFeed(server.url('/etag.xml'), { etag: '"v1"', lastModified: 'Mon, 07 Dec 2026 06:00:00 GMT' }, options);
    expect(second).toEqual({ kind: 'not-modified' });
    expect(server.requests.filter((r) => r.path === '/etag.xml').at(-1)!.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Mon, 07 Dec 2026 06:00:00 GMT' });
  });

  it('abandons a 50 MB answer as soon as it passes the limit, without reading the rest', async () => {
    let written = 0;
    let aborted = false;
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = 50 * 1024 * 1024;
      res.on('close', () => (aborted = written < total));
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const started = Date.now();
    await expect(fetchFeed(server.url('/huge.xml'), {}, { ...options, totalTimeoutMs: 10_000 })).rejects.toThrow(/larger than 2 MB/);
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(aborted).toBe(true);
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses at once an answer that declares more than the limit', async () => {
    server.route('/declared.xml', (_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('<rss>');
    });
    await expect(fetchFeed(server.url('/declared.xml'), {}, options)).rejects.toThrow(/larger than 2 MB/);
  });

  it('gives up on a server that never answers, within the total time limit', async () => {
    server.route('/silent.xml', () => undefined);
    const started = Date.now();
    await expect(fetchFeed(server.url('/silent.xml'), {}, options)).rejects.toThrow(new FeedFetchError('it did not answer within 500 ms.'));
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up on a server that starts answering and then stalls', async () => {
    server.route('/stall.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss><channel>');
    });
    await expect(fetchFeed(server.url('/stall.xml'), {}, options)).rejects.toThrow(/did not answer within 500 ms/);
  });

  it('says what an error status is', async () => {
    server.route('/gone.xml', (_req, res) => void res.writeHead(410).end());
    await expect(fetchFeed(server.url('/gone.xml'), {}, options)).rejects.toThrow('it answers HTTP 410 Gone.');
  });

  it('follows a redirect whose address passes the rules, and refuses one to a private or link-local address', async () => {
    server.route('/moved.xml', (_req, res) => void res.writeHead(301, { location: '/etag.xml' }).end());
    expect(await fetchFeed(server.url('/moved.xml'), {}, options)).toMatchObject({ kind: 'fetched', body, url: server.url('/etag.xml') });

    // Only the feed server's own address is allowed: a redirect elsewhere is refused before any connection.
    const strict = { ...options, allowPrivate: false, allowedAddresses: ['127.0.0.1'] };
    expect(await fetchFeed(server.url('/moved.xml'), {}, strict)).toMatchObject({ kind: 'fetched' });
    server.route('/to-metadata', (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    await expect(fetchFeed(server.url('/to-metadata'), {}, strict)).rejects.toThrow(/169\.254\.169\.254, a link-local address/);
    server.route('/to-loopback6', (_req, res) => void res.writeHead(307, { location: `http://[::1]:${server.port}/etag.xml` }).end());
    await expect(fetchFeed(server.url('/to-loopback6'), {}, strict)).rejects.toThrow(/::1, a loopback address/);
    server.route('/to-mapped', (_req, res) => void res.writeHead(308, { location: `http://[::ffff:10.0.0.1]/feed` }).end());
    await expect(fetchFeed(server.url('/to-mapped'), {}, strict)).rejects.toThrow(/IPv4-mapped private/);
    server.route('/to-file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(fetchFeed(server.url('/to-file'), {}, options)).rejects.toThrow(/redirects to an address Guild does not read: Only http and https/);
  });

  it('refuses the feed server itself when private addresses are not allowed', async () => {
    await expect(fetchFeed(server.url('/etag.xml'), {}, { ...options, allowPrivate: false })).rejects.toThrow(/127\.0\.0\.1, a loopback address.*GUILD_FEEDS_ALLOW_PRIVATE=1/);
  });

  it('stops after the redirect limit', async () => {
    server.route('/loop', (_req, res) => void res.writeHead(302, { location: '/loop' }).end());
    await expect(fetchFeed(server.url('/loop'), {}, options)).rejects.toThrow('it redirects more than 3 times.');
  });

  it('connects to the address it checked: one lookup per hop, never a second one by the HTTP client', async () => {
    const lookups: string[] = [];
    // A name no real DNS knows: only the checked answer can take the request to the server.
    const resolve = async (host: string) => {
      lookups.push(host);
      return [{ address: lookups.length === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    };
    const fetched = await fetchFeed(`http://feeds.guild-test.invalid:${server.port}/etag.xml`, {}, { ...options, allowPrivate: false, allowedAddresses: ['127.0.0.1'], resolve });
    expect(fetched).toMatchObject({ kind: 'fetched', body });
    expect(lookups).toEqual(['feeds.guild-test.invalid']);
    expect(server.requests.at(-1)!.headers.host).toBe(`feeds.guild-test.invalid:${server.port}`);
  });

  it('refuses a name with any answer at a special address', async () => {
    const resolve = async () => [{ address: '93.184.215.14', family: 4 }, { address: '192.168.0.10', family: 4 }];
    await expect(fetchFeed('http://mixed.guild-test.invalid/feed', {}, { ...options, allowPrivate: false, resolve })).rejects.toThrow(/192\.168\.0\.10, a private address/);
    await expect(fetchFeed('http://nowhere.guild-test.invalid/feed', {}, { ...options, allowPrivate: false })).rejects.toThrow(/was not found \(DNS\)/);
  });
});
