import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthChecks {
  /** The database answers. */
  databaseReachable(): Promise<boolean>;
  /** True once shutdown has begun: a load balancer should send work elsewhere. */
  draining(): boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** `/healthz`: the process is alive. `/readyz`: it can do work (database reachable, not draining). */
export function healthRoutes(checks: HealthChecks): { path: string; method: string[]; handler: Handler }[] {
  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => send(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        if (checks.draining()) return send(res, 503, { status: 'draining' });
        checks.databaseReachable().then(
          (ok) => send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' }),
          () => send(res, 503, { status: 'database unreachable' }),
        );
      },
    },
  ];
}
