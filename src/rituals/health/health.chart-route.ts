import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpRoute } from '../../slack/http-routes';
import { lineChartPng } from './charts';
import type { HealthDashboard } from './health.metrics';
import type { HealthService } from './health.service';

const MAX_INT = 2_147_483_647;

/** A community's trend chart address, signed so only links Guild gave out work (`/health/<id>/<month>.png?sig=`). */
export class HealthCharts {
  constructor(private readonly secret: string) {}

  path(communityId: number, month: string): string {
    return `/health/${communityId}/${month}.png?sig=${this.signature(communityId, month)}`;
  }

  verify(communityId: number, month: string, signature: string): boolean {
    const expected = Buffer.from(this.signature(communityId, month));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(communityId: number, month: string): string {
    return createHmac('sha256', this.secret).update(`health-chart:${communityId}:${month}`).digest('base64url').slice(0, 32);
  }
}

/** The monthly trends as a PNG: people who took part, coffee groups that met, event attendance. */
export function trendChart(name: string, dashboard: HealthDashboard): Buffer {
  const months = dashboard.months;
  return lineChartPng({
    title: `${name}: the last ${months.length} months`,
    labels: months.map((m) => m.month),
    series: [
      { name: 'Took part', values: months.map((m) => m.participants) },
      { name: 'Coffee groups met', values: months.map((m) => m.coffeeGroupsMet) },
      { name: 'Gave event feedback', values: months.map((m) => m.attended) },
      { name: 'Active mentorships', values: months.map((m) => m.activeMentorships) },
    ],
  });
}

/** `GET /health/<id>/<month>.png?sig=…`: the chart a `/guild health` message or the Home shows (403 for a wrong signature). */
export function healthChartRoute(deps: { charts: HealthCharts; health: HealthService }): HttpRoute {
  return {
    methods: ['GET'],
    path: '/health/:community/:month.png',
    async handle(request, res) {
      const id = request.params.community ?? '';
      const month = request.params.month ?? '';
      if (!/^\d{1,10}$/.test(id) || Number(id) > MAX_INT || !/^\d{4}-\d{2}$/.test(month)) return void res.writeHead(404).end();
      if (!deps.charts.verify(Number(id), month, request.query.get('sig') ?? '')) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('This chart link is not valid.\n');
      const found = await deps.health.dashboardOf(Number(id), month);
      if (!found) return void res.writeHead(404).end();
      const png = trendChart(found.name, found.dashboard);
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'private, max-age=3600' });
      res.end(png);
    },
  };
}
