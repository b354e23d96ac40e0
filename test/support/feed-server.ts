import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A feed server on 127.0.0.1 for the tests: each path answers as its handler says; requests are recorded. */
export interface FeedServer {
  url(path: string): string;
  port: number;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const requests: FeedServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const handler = routes.get(req.url ?? '');
    if (handler) handler(req, res);
    else res.writeHead(404).end('not here');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An RSS document with these posts (title, link, date). */
export function rssFeed(title: string, posts: { title: string; link: string; date: Date; guid?: string; description?: string }[]): string {
  const items = posts
    .map((p) => `<item><title>${p.title}</title><link>${p.link}</link><guid>${p.guid ?? p.link}</guid><pubDate>${p.date.toUTCString()}</pubDate>${p.description ? `<description><![CDATA[${p.description}]]></description>` : ''}</item>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>${items}</channel></rss>`;
}

/** Answers with the feed and an ETag, and 304 to a request that sends that ETag back. */
export function feedWithEtag(body: string, etag: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': 'Mon, 07 Dec 2026 06:00:00 GMT' }).end(body);
  };
}
