import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  const secret = '8f14e45fceea167a5a36dedd4bea2543';

  it('writes JSON lines with the context object', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', destination }).info({ communityId: 4 }, 'round started');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, communityId: 4, msg: 'round started' });
  });

  it('removes tokens, signatures and secrets wherever they appear', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', destination, secrets: [secret] });
    logger.info({ token: 'legacy-verification', config: { botToken: 'xoxb-111-222-abc', signingSecret: secret } }, 'starting');
    logger.info({ req: { headers: { authorization: 'Bearer xoxb-111-222-abc', 'x-slack-signature': 'v0=abcdef' } } }, 'request');
    logger.warn(`calling with xoxb-111-222-abc and xapp-1-A0-xyz and ${secret}`);
    logger.error({ err: new Error(`bad secret ${secret} in xoxb-111-222-abc`) }, 'failed');
    logger.debug({ nested: { list: [`see ${secret}`] } }, 'deep');
    const all = lines.join('\n');
    for (const leak of ['xoxb-111-222-abc', 'xapp-1-A0-xyz', secret, 'legacy-verification', 'v0=abcdef']) expect(all).not.toContain(leak);
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(9);
  });
});
