import type { PoolClient } from 'pg';
import { rollBack } from '../../../../src/rituals/retro/retro.votes';

/** Defect 2 of issue 8: a failed ROLLBACK used to be swallowed and its connection pooled again. */
describe('rollBack after a failed vote', () => {
  const client = (rollback: () => Promise<unknown>) => {
    const release = jest.fn();
    return { client: { query: jest.fn(rollback), release } as unknown as PoolClient, release };
  };

  it('returns a healthy connection to the pool', async () => {
    const { client: c, release } = client(async () => ({}));
    await rollBack(c);
    expect(release).toHaveBeenCalledWith();
  });

  it('releases a connection whose ROLLBACK failed with the error, so the pool discards it', async () => {
    const broken = new Error('Connection terminated unexpectedly');
    const { client: c, release } = client(async () => Promise.reject(broken));
    await rollBack(c);
    expect(release).toHaveBeenCalledTimes(1);
    expect(release).toHaveBeenCalledWith(broken);
  });
});
