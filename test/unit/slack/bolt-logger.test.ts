import { LogLevel } from '@slack/bolt';
import pino from 'pino';
import { Writable } from 'node:stream';
import { boltLogger } from '../../../src/slack/bolt-logger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level }, sink), lines };
}

describe('boltLogger', () => {
  it('does not format what its level drops (Bolt logs whole payloads at debug)', () => {
    const { logger, lines } = capture('info');
    let formatted = 0;
    const payload = { toJSON: () => { formatted += 1; return 'payload'; } };
    const bolt = boltLogger(logger);
    bolt.debug('received', payload);
    expect(formatted).toBe(0);
    bolt.info('received', payload);
    expect(formatted).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual(['received "payload"']);
  });

  it('follows the level Bolt sets, and keeps errors as errors', () => {
    const { logger, lines } = capture('info');
    const bolt = boltLogger(logger);
    bolt.setLevel(LogLevel.DEBUG);
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    bolt.debug('now shown');
    bolt.error(new Error('boom'), 'while acking');
    expect(lines.map((l) => l.msg)).toEqual(['now shown', 'while acking']);
    expect(lines[1]).toMatchObject({ component: 'bolt', err: { message: 'boom' } });
  });
});
