import NodeEnvironment from 'jest-environment-node';

/** UTC+14, where a local time mistaken for UTC is fourteen hours off. */
export const FAR_TIME_ZONE = 'Pacific/Kiritimati';

/**
 * Runs a test file with the worker process in a far time zone (jest gives each test file a copy
 * of process.env, so a test setting TZ itself changes nothing), and puts the zone back after.
 */
export default class FarTimeZoneEnvironment extends NodeEnvironment {
  private previous: string | undefined;

  override async setup(): Promise<void> {
    this.previous = process.env.TZ;
    process.env.TZ = FAR_TIME_ZONE;
    await super.setup();
  }

  override async teardown(): Promise<void> {
    if (this.previous === undefined) delete process.env.TZ;
    else process.env.TZ = this.previous;
    await super.teardown();
  }
}
