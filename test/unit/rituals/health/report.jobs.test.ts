import pino from 'pino';
import { reportPlanHandler, reportPlanJob } from '../../../../src/rituals/health/report.jobs';
import type { HealthReports } from '../../../../src/rituals/health/report.service';
import type { JobContext } from '../../../../src/scheduler/scheduler';

/** The monthly plan re-arms itself before it plans, so one month's failure never ends the chain. */
describe('the health report plan job', () => {
  const context = { lateMs: 0, logger: pino({ level: 'silent' }) } as unknown as JobContext;

  it('queues next month\'s plan even when planning this month fails', async () => {
    const enqueue = jest.fn(async () => 1);
    const reports = { plan: jest.fn(async () => Promise.reject(new Error('connection reset'))) } as unknown as HealthReports;
    await expect(reportPlanHandler({ reports, jobs: { enqueue } }).run({ month: '2026-12' }, context)).rejects.toThrow('connection reset');
    expect(enqueue).toHaveBeenCalledWith([reportPlanJob('2027-01')]);
  });

  it('plans the month, and only queues the next when it is over a week late', async () => {
    const enqueue = jest.fn(async () => 1);
    const plan = jest.fn(async () => 3);
    const reports = { plan } as unknown as HealthReports;
    await reportPlanHandler({ reports, jobs: { enqueue } }).run({ month: '2026-12' }, context);
    expect(plan).toHaveBeenCalledWith('2026-12');
    await reportPlanHandler({ reports, jobs: { enqueue } }).run({ month: '2026-12' }, { ...context, lateMs: 8 * 86_400_000 });
    expect(plan).toHaveBeenCalledTimes(1);
    expect(enqueue).toHaveBeenCalledTimes(2);
  });
});
