import pino from 'pino';
import { followUpJob, roundJob } from '../../../../src/rituals/coffee/coffee.jobs';
import type { CoffeeService } from '../../../../src/rituals/coffee/coffee.service';
import { PermanentFailure, type JobContext } from '../../../../src/scheduler/scheduler';

describe('coffee jobs', () => {
  const context = { now: new Date(), lateMs: 0, logger: pino({ level: 'silent' }) } as unknown as JobContext;
  const setup = () => {
    const coffee = { scheduledRound: jest.fn(async () => undefined), rounds: { followUp: jest.fn(async () => undefined) } };
    return { coffee, deps: { coffee: coffee as unknown as CoffeeService } };
  };

  it('forms the round of the occurrence it was made for, and skips one more than a day late', async () => {
    const { coffee, deps } = setup();
    const job = roundJob(deps);
    await job.run({ communityId: 3, scheduleId: 9, occurrence: '2026-12-06T19:00:00.000Z' }, context);
    expect(coffee.scheduledRound).toHaveBeenCalledWith(3, 9, new Date('2026-12-06T19:00:00.000Z'));
    expect(job.staleAfterMs).toBe(86_400_000);
  });

  it('sends a follow-up by its group', async () => {
    const { coffee, deps } = setup();
    await followUpJob(deps).run({ groupId: 12 }, context);
    expect(coffee.rounds.followUp).toHaveBeenCalledWith(12);
  });

  it.each([[{}], [{ communityId: 'x', scheduleId: 1, occurrence: 'soon' }], [null]])('fails a malformed round payload for good: %j', async (payload) => {
    const { coffee, deps } = setup();
    await expect(roundJob(deps).run(payload, context)).rejects.toBeInstanceOf(PermanentFailure);
    await expect(followUpJob(deps).run(payload, context)).rejects.toBeInstanceOf(PermanentFailure);
    expect(coffee.scheduledRound).not.toHaveBeenCalled();
  });
});
