import { createHmac } from 'node:crypto';

export interface SignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's v0 request signature: HMAC-SHA256 over "v0:<timestamp>:<raw body>". */
export function signRequest(signingSecret: string, rawBody: string, timestampSeconds: number): SignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}
