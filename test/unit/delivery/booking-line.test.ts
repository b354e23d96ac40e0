import { BookingLine, type Booking } from '../../../src/delivery/booking-line';

/** A line whose batches are held until released, recording what each batch held. */
function heldLine() {
  const batches: Booking[][] = [];
  const releases: Array<(waits: number[] | Error) => void> = [];
  const line = new BookingLine(
    (batch) =>
      new Promise((resolve, reject) => {
        batches.push(batch);
        releases.push((waits) => (waits instanceof Error ? reject(waits) : resolve(waits)));
      }),
  );
  return { line, batches, release: (i: number, waits: number[] | Error) => releases[i]!(waits) };
}

const call = (key: string, maxWaitMs: number | null = 0): Booking => ({ keys: [key], maxWaitMs });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BookingLine', () => {
  it('sends a booking at once when nothing is at the database', async () => {
    const { line, batches, release } = heldLine();
    const wait = line.book(call('a'));
    expect(batches).toEqual([[call('a')]]);
    release(0, [5]);
    await expect(wait).resolves.toBe(5);
  });

  it('sends the bookings made while a batch is out together, in order, each answered with its own wait', async () => {
    const { line, batches, release } = heldLine();
    const first = line.book(call('a'));
    const later = [line.book(call('b', 10)), line.book(call('c', null)), line.book(call('a'))];
    expect(batches).toHaveLength(1);
    release(0, [0]);
    await first;
    await tick();
    expect(batches[1]).toEqual([call('b', 10), call('c', null), call('a')]);
    release(1, [1, 2, 3]);
    await expect(Promise.all(later)).resolves.toEqual([1, 2, 3]);
  });

  it('fails the bookings of a failed batch only, and goes on with the next', async () => {
    const { line, batches, release } = heldLine();
    const first = line.book(call('a'));
    const second = line.book(call('b'));
    release(0, new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await tick();
    release(1, [7]);
    await expect(second).resolves.toBe(7);
    expect(batches).toHaveLength(2);
  });

  it('fails a batch whose answers do not match its bookings', async () => {
    const { line, release } = heldLine();
    const wait = line.book(call('a'));
    release(0, []);
    await expect(wait).rejects.toThrow('booked 0 of 1 calls');
  });
});
