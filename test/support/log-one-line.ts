// Run as its own process by test/integration/logger.test.ts: Guild's logger, as main.ts makes it, writes one line.
import { createLogger } from '../../src/logger';

createLogger({ level: 'info', pretty: process.env.LOG_PRETTY === '1' }).info({ probe: 1 }, 'one line');
