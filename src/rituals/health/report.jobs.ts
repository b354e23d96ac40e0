import { z } from 'zod';
import type { JobStore, NewJob } from '../../scheduler/job-store';
import { PermanentFailure, RetryLater, type JobHandler } from '../../scheduler/scheduler';
import { nextMonth, planAt, reportPlanJobKey } from './report.rules';
import { REPORT_SEND_JOB, type HealthReports } from './report.service';

export const REPORT_PLAN_JOB = 'health.report.plan';
/** A report more than a week late (Guild was down) is not sent: the next month's is near enough. */
const STALE_MS = 7 * 86_400_000;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const planPayload = z.object({ month });
const sendPayload = z.object({ communityId: z.number().int(), month, personId: z.string().min(1) });

/** The plan of a month's reports, due before that month's next 1st begins anywhere. */
export function reportPlanJob(forMonth: string): NewJob {
  return { key: reportPlanJobKey(forMonth), kind: REPORT_PLAN_JOB, payload: { month: forMonth }, runAt: planAt(forMonth) };
}

/**
 * A month's plan: the next month's plan, then a send job per organiser (see HealthReports.plan),
 * so the chain arms itself even when one month's planning fails (Guild arms the first when it
 * starts). A plan over a week late only arms the next.
 */
export function reportPlanHandler(deps: { reports: HealthReports; jobs: Pick<JobStore, 'enqueue'> }): JobHandler {
  return {
    kind: REPORT_PLAN_JOB,
    async run(payload, context) {
      const parsed = planPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed health report plan payload');
      // The next month's plan first: a plan that fails for good must not end the chain.
      await deps.jobs.enqueue([reportPlanJob(nextMonth(parsed.data.month))]);
      if (context.lateMs > STALE_MS) context.logger.warn({ month: parsed.data.month, lateMs: context.lateMs }, 'health reports of this month not planned: too late');
      else context.logger.info({ month: parsed.data.month, queued: await deps.reports.plan(parsed.data.month) }, 'health reports planned');
    },
  };
}

/** One organiser's report: sent, held until their snooze ends (tried again then), or left out with the reason logged. */
export function reportSendHandler(deps: { reports: HealthReports }): JobHandler {
  return {
    kind: REPORT_SEND_JOB,
    staleAfterMs: STALE_MS,
    async run(payload, context) {
      const parsed = sendPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed health report payload');
      const { communityId, month: reported, personId } = parsed.data;
      const outcome = await deps.reports.send(communityId, reported, personId);
      if ('heldUntil' in outcome) throw new RetryLater(outcome.heldUntil, 'the organiser is snoozed');
      context.logger.info({ communityId, month: reported, ...('reason' in outcome ? { notSent: outcome.reason } : {}) }, outcome.sent ? 'health report sent' : 'health report not sent');
    },
  };
}
