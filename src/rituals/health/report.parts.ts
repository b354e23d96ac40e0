import type { Core } from '../../core';
import type { JobHandler } from '../../scheduler/scheduler';
import type { HelpEntry, RitualCommandRun } from '../ritual';
import type { Parsed } from '../../slack/kit/command';
import { parseReportCommand, REPORT_HELP_ENTRIES } from './report.command';
import { reportPlanHandler, reportPlanJob, reportSendHandler } from './report.jobs';
import { nextPlannedMonth } from './report.rules';
import { HealthReports } from './report.service';

/** What the monthly report adds to the health ritual (src/rituals/health/index.ts puts it in). */
export interface ReportParts {
  jobs: JobHandler[];
  /** `/guild health report …`: the words after `report`. */
  parse(rest: string[]): Parsed<RitualCommandRun>;
  help: HelpEntry[];
}

/** The monthly report to organisers: its two jobs (the month's plan, one send per organiser) and its command. */
export function reportParts(core: Core, chartUrl: (communityId: number, month: string) => string | undefined): ReportParts {
  const reports = new HealthReports({ prisma: core.prisma, jobs: core.jobs, messages: core.messages, community: core.community, chartUrl, now: core.now });
  // Each month's plan arms the next; the first is armed here (idempotent by its key).
  core.jobs.enqueue([reportPlanJob(nextPlannedMonth(core.now()))]).catch((err: unknown) => core.logger.warn({ err }, 'could not arm the monthly health report'));
  return {
    jobs: [reportPlanHandler({ reports, jobs: core.jobs }), reportSendHandler({ reports })],
    parse: (rest) => parseReportCommand(reports, rest),
    help: REPORT_HELP_ENTRIES,
  };
}
