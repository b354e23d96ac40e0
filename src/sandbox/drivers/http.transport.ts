import { Agent, request } from 'node:http';
import { stringify } from 'node:querystring';
import { signRequest } from '../request-signing';
import type { Delivery, Transport, TransportReply } from './transport';

const STALE_BY_S = 10 * 60;

/** Delivers to the app's Request URL exactly as Slack does: signed form or JSON POSTs. */
export class HttpTransport implements Transport {
  readonly name = 'http';
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    private readonly url: URL,
    private readonly signingSecret: string,
    private readonly timeoutMs: number,
  ) {}

  async send(delivery: Delivery): Promise<TransportReply> {
    const opts = delivery.http ?? {};
    const { body, contentType } = encode(delivery);
    const rawBody = opts.rawBody ?? body;
    const signature = opts.signature ?? 'valid';
    const now = Math.floor(Date.now() / 1000);
    const timestamp = opts.timestamp ?? now + (opts.timestampOffsetSeconds ?? 0) - (signature === 'stale' ? STALE_BY_S : 0);
    const headers: Record<string, string> = {
      'content-type': opts.contentType ?? contentType,
      'content-length': String(Buffer.byteLength(rawBody)),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (signature !== 'missing') {
      const signed = signRequest(signature === 'forged' ? `${this.signingSecret}-forged` : this.signingSecret, rawBody, timestamp);
      Object.assign(headers, signed);
    }
    if (delivery.retryNum !== undefined && delivery.retryNum > 0) {
      headers['x-slack-retry-num'] = String(delivery.retryNum);
      headers['x-slack-retry-reason'] = delivery.retryReason ?? 'http_timeout';
    }
    return this.post(rawBody, headers, delivery.ackDeadlineMs);
  }

  private post(rawBody: string, headers: Record<string, string>, deadlineMs: number): Promise<TransportReply> {
    const started = Date.now();
    return new Promise<TransportReply>((resolve) => {
      let settled = false;
      const settle = (reply: TransportReply): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(reply);
      };
      // Slack hangs up once the ack deadline passes; whatever the app sends later is lost.
      const deadline = setTimeout(() => {
        settle({ outcome: 'timeout', status: 0, body: undefined, ackMs: Math.max(Date.now() - started, deadlineMs), noRetry: false });
        req.destroy();
      }, deadlineMs);
      const req = request(this.url, { method: 'POST', headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = (res.headers['content-type'] ?? '').includes('json');
          settle({
            outcome: 'answered',
            status: res.statusCode ?? 0,
            body: isJson && text !== '' ? parseJson(text) : text,
            ackMs: Date.now() - started,
            noRetry: res.headers['x-slack-no-retry'] === '1',
          });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => settle({ outcome: 'unreachable', status: 0, body: undefined, ackMs: Date.now() - started, noRetry: false }));
      req.end(rawBody);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function encode(delivery: Delivery): { body: string; contentType: string } {
  switch (delivery.kind) {
    case 'slash_commands':
      return { body: stringify(delivery.payload as Record<string, string>), contentType: 'application/x-www-form-urlencoded' };
    case 'interactive':
      return { body: stringify({ payload: JSON.stringify(delivery.payload) }), contentType: 'application/x-www-form-urlencoded' };
    default:
      return { body: JSON.stringify(delivery.payload), contentType: 'application/json' };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A non-JSON body under a JSON content type is what the user would see as garbage; keep the text.
    return text;
  }
}
