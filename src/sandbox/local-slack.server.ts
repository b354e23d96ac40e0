import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyMessageResponse } from './message-response';
import type { SandboxState } from './sandbox-state';
import type { SandboxLogger } from './sandbox.types';
import type { SocketHub } from './socket-hub';
import { parseApiRequest } from './web-api/api-request';
import { ApiError } from './web-api/api-error';
import type { WebApiRouter } from './web-api/web-api.router';
import { receiveUpload } from './web-api/files.methods';

const API_PREFIX = '/api/';
const RESPONSE_PREFIX = '/response/';
const UPLOAD_PREFIX = '/upload/';

/** The one HTTP server: Web API under /api/, response_urls under /response/, Socket Mode at /socket. */
export class LocalSlackServer {
  private readonly server: Server;

  constructor(
    private readonly state: SandboxState,
    private readonly router: WebApiRouter,
    private readonly hub: SocketHub,
    private readonly logger?: SandboxLogger,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        this.logger?.error({ err, url: req.url }, 'local slack failed to answer a request');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
      });
    });
    this.server.keepAliveTimeout = 30_000;
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if ((req.url ?? '').startsWith('/socket')) hub.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt >= 0 ? url.slice(0, queryAt) : url;
    const query = queryAt >= 0 ? url.slice(queryAt + 1) : '';
    const bytes = await readBody(req);
    if (path.startsWith(UPLOAD_PREFIX) && req.method === 'POST') {
      await this.upload(req, res, path.slice(UPLOAD_PREFIX.length), bytes);
      return;
    }
    const rawBody = bytes.toString('utf8');
    if (path.startsWith(API_PREFIX)) {
      await this.api(req, res, path.slice(API_PREFIX.length), rawBody, query);
      return;
    }
    if (path.startsWith(RESPONSE_PREFIX) && req.method === 'POST') {
      this.responseUrl(res, path.slice(RESPONSE_PREFIX.length), rawBody);
      return;
    }
    send(res, 404, {}, { ok: false, error: 'not_found' });
  }

  private async api(req: IncomingMessage, res: ServerResponse, method: string, rawBody: string, query: string): Promise<void> {
    let parsed;
    try {
      parsed = parseApiRequest(req, rawBody, query);
    } catch (err) {
      this.logger?.debug({ err, method }, 'unparsable Web API request');
      send(res, 200, {}, { ok: false, error: 'invalid_json' });
      return;
    }
    const reply = await this.router.handle({ method, args: parsed.args, token: parsed.token, warnings: parsed.warnings });
    send(res, reply.status, reply.headers, reply.body);
  }

  /** An upload URL: the bytes arrive raw, or as the `body` part of a multipart form (the Node SDK's way). */
  private async upload(req: IncomingMessage, res: ServerResponse, fileId: string, bytes: Buffer): Promise<void> {
    let content = bytes;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      try {
        const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
        const part = form.get('body') ?? form.get('file');
        if (part === null) throw new Error('no body or file part');
        content = typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
      } catch (err) {
        this.logger?.debug({ err }, 'upload was not a readable multipart form');
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid multipart body');
        return;
      }
    }
    const outcome = receiveUpload(this.state, fileId, content);
    res.writeHead(outcome.status, { 'content-type': 'text/plain' }).end(outcome.text);
  }

  private responseUrl(res: ServerResponse, key: string, rawBody: string): void {
    const check = this.state.responseUrls.use(key);
    if (!check.ok) {
      send(res, 404, {}, { ok: false, error: check.error });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody) as unknown;
    } catch (err) {
      this.logger?.debug({ err }, 'response_url post was not JSON');
      send(res, 400, {}, { ok: false, error: 'invalid_payload' });
      return;
    }
    try {
      applyMessageResponse(this.state, check.target, body, 'response_url');
      this.state.changed();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.state.changed({ kind: 'api', method: 'response_url', ok: false, error: err.error, channel: check.target.channel });
      send(res, 404, {}, { ok: false, error: err.error });
      return;
    }
    send(res, 200, {}, { ok: true });
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
