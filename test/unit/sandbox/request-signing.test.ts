import { createHmac } from 'node:crypto';
import { signRequest } from '../../../src/sandbox';

describe('signRequest', () => {
  it('produces Slack v0 signatures over "v0:<ts>:<body>"', () => {
    const headers = signRequest('8f742231b10e8888abcd99yyyzzz85a5', 'token=x&text=hi', 1531420618);
    const expected = createHmac('sha256', '8f742231b10e8888abcd99yyyzzz85a5').update('v0:1531420618:token=x&text=hi').digest('hex');
    expect(headers).toEqual({ 'x-slack-signature': `v0=${expected}`, 'x-slack-request-timestamp': '1531420618' });
  });
});
