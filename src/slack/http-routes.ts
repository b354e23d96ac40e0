import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export type HttpMethod = 'GET' | 'POST';

/** What a route's handler is told of a request: never its raw URL, which may hold a secret token. */
export interface HttpRequest {
  method: string;
  /** The path's named segments, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/**
 * A plain HTTP endpoint Guild serves beside Slack's (health checks, calendar feeds), in HTTP and
 * Socket Mode alike. A GET route answers HEAD too: Node sends a HEAD response's headers only.
 */
export interface HttpRoute {
  readonly methods: readonly HttpMethod[];
  /**
   * Segments, each literal or a `:name` with an optional literal suffix:
   * `/healthz`, `/calendar/:token.ics`, `/calendar/event/:id.ics`.
   */
  readonly path: string;
  handle(request: HttpRequest, res: ServerResponse): void | Promise<void>;
}

/** Serves a request if a route matches (true), or leaves it to the caller (false). */
export type HttpRouter = (req: IncomingMessage, res: ServerResponse) => boolean;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  names: string[];
}

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)(.*)$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A route's path as a regular expression over a request's path, and its parameters' names. */
export function compileRoute(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  const segments = route.path.split('/').map((segment) => {
    const param = PARAM.exec(segment);
    if (!param) return escapeRegExp(segment);
    names.push(param[1]!);
    return `([^/]+?)${escapeRegExp(param[2]!)}`;
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`), names };
}

/** The parameters of a path the route matches, or undefined (no match, or a malformed escape). */
export function matchPath(compiled: CompiledRoute, path: string): Record<string, string> | undefined {
  const found = compiled.pattern.exec(path);
  if (!found) return undefined;
  try {
    return Object.fromEntries(compiled.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
  } catch {
    return undefined;
  }
}

/**
 * One router for both receivers. Failures are logged with the route's pattern, never the
 * request's path (a calendar token is a password), and answered with a 500.
 */
export function httpRouter(routes: readonly HttpRoute[], logger: Logger, track: <T>(work: () => Promise<T>) => Promise<T>): HttpRouter {
  const compiled = routes.map(compileRoute);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://guild.invalid');
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    for (const candidate of compiled) {
      if (!candidate.route.methods.includes(method as HttpMethod)) continue;
      const params = matchPath(candidate, url.pathname);
      if (!params) continue;
      const request: HttpRequest = { method: req.method ?? 'GET', params, query: url.searchParams, headers: req.headers };
      void track(async () => candidate.route.handle(request, res)).catch((err: unknown) => {
        logger.error({ err, route: candidate.route.path }, 'an HTTP route failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
      return true;
    }
    return false;
  };
}
