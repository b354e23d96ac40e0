import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

export interface ParsedApiRequest {
  args: Record<string, unknown>;
  token?: string;
  warnings: string[];
}

/** Reads a Web API request the ways Slack accepts it: query string, form body or JSON body. */
export function parseApiRequest(req: IncomingMessage, rawBody: string, query: string): ParsedApiRequest {
  const args: Record<string, unknown> = { ...flatten(parseQuery(query)) };
  const warnings: string[] = [];
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (rawBody.length > 0) {
    if (contentType.startsWith('application/json')) {
      // Slack answers JSON bodies without a charset with this warning.
      if (!contentType.includes('charset')) warnings.push('missing_charset');
      const body = JSON.parse(rawBody) as unknown;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) Object.assign(args, body);
    } else {
      if (contentType.includes('charset') && contentType.startsWith('application/x-www-form-urlencoded')) {
        warnings.push('superfluous_charset');
      }
      Object.assign(args, flatten(parseQuery(rawBody)));
    }
  }
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  const bodyToken = typeof args.token === 'string' ? args.token : undefined;
  delete args.token;
  const token = bearer || bodyToken;
  return { args, warnings, ...(token ? { token } : {}) };
}

function flatten(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? (value[value.length - 1] ?? '') : value;
  }
  return out;
}
