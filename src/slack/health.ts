import type { ServerResponse } from 'node:http';
import type { HttpRoute } from './http-routes';

export interface HealthChecks {
  /** The database answers. */
  databaseReachable(): Promise<boolean>;
  /** True once shutdown has begun: a load balancer should send work elsewhere. */
  draining(): boolean;
}

/** `/healthz`: the process is alive. `/readyz`: it can do work (database reachable, not draining). */
export function healthRoutes(checks: HealthChecks): HttpRoute[] {
  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', methods: ['GET'], handle: (_req, res) => send(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      methods: ['GET'],
      async handle(_req, res) {
        if (checks.draining()) return send(res, 503, { status: 'draining' });
        const ok = await checks.databaseReachable().catch(() => false);
        send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
      },
    },
  ];
}
