import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileRoute, httpRouter, matchPath, type HttpRoute } from '../../../src/slack/http-routes';
import { capturedLogger } from '../../support/captured-logger';

const route = (path: string, handle: HttpRoute['handle'] = (_req, res) => void res.end('ok')): HttpRoute => ({ methods: ['GET'], path, handle });

describe('matchPath', () => {
  const feed = compileRoute(route('/calendar/:token.ics'));
  const event = compileRoute(route('/calendar/event/:id.ics'));

  it('reads named segments up to their literal suffix, decoded', () => {
    expect(matchPath(feed, '/calendar/abc_-9.ics')).toEqual({ token: 'abc_-9' });
    expect(matchPath(feed, '/calendar/a%20b.ics')).toEqual({ token: 'a b' });
    expect(matchPath(event, '/calendar/event/12.ics')).toEqual({ id: '12' });
    expect(matchPath(compileRoute(route('/healthz')), '/healthz')).toEqual({});
  });

  it('never lets a segment span a slash, nor matches without the suffix or with a bad escape', () => {
    expect(matchPath(feed, '/calendar/event/12.ics')).toBeUndefined();
    expect(matchPath(feed, '/calendar/abc')).toBeUndefined();
    expect(matchPath(feed, '/calendar/.ics')).toBeUndefined();
    expect(matchPath(feed, '/calendar/%E0%A4%A.ics')).toBeUndefined();
    expect(matchPath(compileRoute(route('/a.b')), '/axb')).toBeUndefined();
  });
});

describe('httpRouter', () => {
  let server: Server;
  let base: string;
  const { logger, lines } = capturedLogger();
  const untracked = <T>(work: () => Promise<T>) => work();

  beforeAll(async () => {
    const router = httpRouter(
      [
        route('/calendar/:token.ics', (req, res) => void res.writeHead(200, { 'content-type': 'text/calendar' }).end(`feed ${req.params.token} ${req.query.get('x') ?? ''}`)),
        route('/boom/:secret', () => {
          throw new Error('broken');
        }),
      ],
      logger,
      untracked,
    );
    server = createServer((req, res) => {
      if (!router(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves a GET route, and HEAD on it with headers only', async () => {
    const get = await fetch(`${base}/calendar/tok.ics?x=1`);
    expect([get.status, await get.text()]).toEqual([200, 'feed tok 1']);
    const head = await fetch(`${base}/calendar/tok.ics`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'text/calendar', '']);
  });

  it('leaves other methods and paths to the caller', async () => {
    expect((await fetch(`${base}/calendar/tok.ics`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('answers a failing handler with a 500 and logs the route pattern, never the path', async () => {
    expect((await fetch(`${base}/boom/s3cr3t-token`)).status).toBe(500);
    expect(lines.at(-1)).toMatchObject({ msg: 'an HTTP route failed', route: '/boom/:secret' });
    expect(JSON.stringify(lines)).not.toContain('s3cr3t-token');
  });
});
