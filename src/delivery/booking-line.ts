/** One call to book: its keys (sorted, distinct) and how long it may wait (null: however long). */
export interface Booking {
  keys: string[];
  maxWaitMs: number | null;
}

/** The most bookings sent in one statement; more wait for the next. */
const MAX_BATCH = 200;

interface Pending {
  booking: Booking;
  resolve: (waitMs: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Bookings made while one batch is at the database wait together and go as the next batch, in
 * the order they were made: one round trip for as many calls as came meanwhile, so a process's
 * rate of bookings is not one per round trip. A batch that fails fails each of its bookings.
 */
export class BookingLine {
  private pending: Pending[] = [];
  private sending = false;

  /** `bookAll` answers each booking's wait in ms, in the batch's order. */
  constructor(private readonly bookAll: (batch: Booking[]) => Promise<number[]>) {}

  book(booking: Booking): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ booking, resolve, reject });
      if (!this.sending) void this.sendAll();
    });
  }

  private async sendAll(): Promise<void> {
    this.sending = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      await this.send(batch);
    }
    this.sending = false;
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const waits = await this.bookAll(batch.map((p) => p.booking));
      if (waits.length !== batch.length) throw new Error(`booked ${waits.length} of ${batch.length} calls`);
      batch.forEach((p, i) => p.resolve(waits[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
