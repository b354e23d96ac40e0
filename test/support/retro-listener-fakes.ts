import type { Logger } from 'pino';
import { z } from 'zod';
import type { RetroListenerDeps } from '../../src/rituals/retro/retro.listener-deps';
import type { RetroBoard } from '../../src/rituals/retro/retro.service';
import type { ScheduleSummary } from '../../src/scheduler/schedules';
import { sealedMetadata } from '../../src/slack/kit/metadata';
import { ADA, type CallLog, testKit } from './listener-fakes';

export const TEST_FORM_SECRET = 'listener-test-secret-0123456789abcdef';
/** "Now" for the retro listeners: a Tuesday noon, UTC. */
export const NOW = new Date('2026-03-10T12:00:00Z');

export function testBoard(overrides: Partial<RetroBoard> = {}): RetroBoard {
  return {
    id: 7,
    teamId: 'T0GUILD',
    channelId: 'C0RETRO',
    title: 'Sprint 12',
    phase: 'collect',
    facilitatorId: ADA,
    anonymous: false,
    voteBudget: 3,
    perItemCap: 3,
    columns: [{ key: 'happy', title: 'Happy', emoji: ':smiley:', count: 0 }],
    items: [],
    itemCount: 0,
    contributors: 0,
    actions: [],
    review: [],
    ...overrides,
  };
}

export const testSchedule: ScheduleSummary = {
  id: 12,
  name: 'Community retro',
  kind: 'retro.start',
  status: 'active',
  description: 'every 4 weeks on Thursday at 15:00 (Europe/Berlin)',
  timeZone: 'Europe/Berlin',
  nextRunAt: new Date('2026-03-12T14:00:00Z'),
};

/** The sealed form contexts, as the retro ritual builds them (src/rituals/retro/index.ts), keyed by a test secret. */
export function testForms(secret = TEST_FORM_SECRET): RetroListenerDeps['forms'] {
  return {
    channel: sealedMetadata(z.object({ channelId: z.string() }), secret),
    retro: sealedMetadata(z.object({ retroId: z.number().int(), channelId: z.string() }), secret),
  };
}

/**
 * The retro listeners' dependencies with a fake service of exactly the methods they call, each
 * recording its call in `log`. A fast ack-path test only: the real service has its own tests.
 */
export function retroListenerDeps(log: CallLog, options: { logger?: Logger; retros?: Record<string, unknown>; deps?: Partial<RetroListenerDeps> } = {}) {
  const { kit, messages } = testKit(log, options.logger);
  const retros = {
    board: log.async('retros.board', testBoard()),
    start: log.async('retros.start', { id: 7, created: true }),
    addItem: log.async('retros.addItem', 1),
    advance: log.async('retros.advance', 'reveal'),
    close: log.async('retros.close'),
    handOver: log.async('retros.handOver'),
    openThread: log.async('retros.openThread', { opened: true }),
    vote: log.async('retros.vote', { votesLeft: 2 }),
    addAction: log.async('retros.addAction', 3),
    reviewAction: log.async('retros.reviewAction', { id: 5, text: 'Write the runbook', ownerId: ADA, status: 'done' }),
    openActions: log.async('retros.openActions', []),
    history: log.async('retros.history', { retros: [], page: 1, pages: 1 }),
    closedRetroIn: log.async('retros.closedRetroIn', 7),
    record: log.async('retros.record'),
    lifecycle: { mayFacilitate: log.async('retros.mayFacilitate', true) },
    ...options.retros,
  };
  const deps: RetroListenerDeps = {
    retros: retros as unknown as RetroListenerDeps['retros'],
    kit,
    files: { uploadToUser: log.async('files.uploadToUser') },
    requireScheduler: log.async('requireScheduler'),
    scheduleRetros: log.async('scheduleRetros', testSchedule),
    timeZoneOf: log.async('timeZoneOf', 'Europe/Berlin'),
    prepareChannel: log.async('prepareChannel'),
    forms: testForms(),
    now: () => NOW,
    ...options.deps,
  };
  return { deps, retros, messages, kit };
}
