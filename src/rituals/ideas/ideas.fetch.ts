import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { bareHost, checkFeedUrl, forbiddenRange } from './ideas.address';

/** How feeds are read: the address rule, the time and size limits. */
export interface FeedFetchOptions {
  /** Read feeds on loopback, private and other special addresses (GUILD_FEEDS_ALLOW_PRIVATE; tests). */
  allowPrivate: boolean;
  /** Addresses read from even though special (one feed server on the operator's own network; tests). */
  allowedAddresses?: readonly string[];
  /** Longest wait for the connection (TCP and TLS). */
  connectTimeoutMs: number;
  /** Longest a whole read may take, redirects included. */
  totalTimeoutMs: number;
  /** Largest answer read (after decompression); a larger one is abandoned mid-stream. */
  maxBytes: number;
  maxRedirects: number;
  /** DNS, replaceable in tests; default the system resolver (getaddrinfo). */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

export const DEFAULT_FETCH_OPTIONS: FeedFetchOptions = { allowPrivate: false, connectTimeoutMs: 10_000, totalTimeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3 };

/** What a conditional GET brought. */
export type FetchOutcome =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; body: string; etag?: string; lastModified?: string; url: string };

/** Why a feed could not be read, in words an organiser understands (after "The feed …"). */
export class FeedFetchError extends Error {}

/** The validators of the last read, sent back so an unchanged feed answers 304. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

const systemResolve = async (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The address to connect to for a URL: resolved once, every answer checked (a name that
 * resolves to one public and one private address is refused), the first one used. The
 * connection is then pinned to it, so a second lookup cannot swap in another address.
 */
export async function checkedAddress(url: URL, options: Pick<FeedFetchOptions, 'allowPrivate' | 'allowedAddresses' | 'resolve'>): Promise<{ address: string; family: 4 | 6 }> {
  const host = bareHost(url);
  let answers: { address: string; family: number }[];
  try {
    answers = await (options.resolve ?? systemResolve)(host);
  } catch {
    throw new FeedFetchError(`its host ${host} was not found (DNS).`);
  }
  if (answers.length === 0) throw new FeedFetchError(`its host ${host} was not found (DNS).`);
  if (!options.allowPrivate) {
    for (const { address } of answers) {
      const range = options.allowedAddresses?.includes(address) ? undefined : forbiddenRange(address);
      if (range) throw new FeedFetchError(`its host ${host} is at ${address}, a ${range} address, which Guild does not read from. An operator can allow it with GUILD_FEEDS_ALLOW_PRIVATE=1.`);
    }
  }
  const first = answers[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for http(s).request that answers with the address already checked, whatever the name. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Reads a feed by a conditional GET: checks the address of the URL and of every redirect, pins
 * the connection to it, and gives up past the time or size limits. Throws FeedFetchError.
 */
export async function fetchFeed(feedUrl: string, validators: Validators, options: FeedFetchOptions): Promise<FetchOutcome> {
  const deadline = new Deadline(options.totalTimeoutMs);
  try {
    let url = feedUrl;
    for (let hop = 0; hop <= options.maxRedirects; hop += 1) {
      const checked = checkFeedUrl(url);
      if (!checked.ok) throw new FeedFetchError(hop === 0 ? checked.problem : `it redirects to an address Guild does not read: ${checked.problem}`);
      const pinned = await deadline.race(checkedAddress(checked.url, options));
      const response = await deadline.race(request(checked.url, pinned, validators, options, deadline));
      if (REDIRECTS.has(response.statusCode ?? 0)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new FeedFetchError(`it answers ${response.statusCode} without saying where to.`);
        url = new URL(location, checked.url).href;
        continue;
      }
      return await deadline.race(outcome(response, checked.url.href, options));
    }
    throw new FeedFetchError(`it redirects more than ${options.maxRedirects} times.`);
  } finally {
    deadline.clear();
  }
}

function request(url: URL, pinned: { address: string; family: 4 | 6 }, validators: Validators, options: FeedFetchOptions, deadline: Deadline): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': 'Guild feed reader',
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
      ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
      ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'GET', headers, lookup: pinnedLookup(pinned.address, pinned.family), agent: false });
    const connectTimer = setTimeout(() => req.destroy(new FeedFetchError(`it did not accept a connection within ${seconds(options.connectTimeoutMs)}.`)), options.connectTimeoutMs);
    req.on('socket', (socket) => socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer)));
    deadline.onExpiry(() => req.destroy(new FeedFetchError(`it did not answer within ${seconds(options.totalTimeoutMs)}.`)));
    req.on('response', (response) => {
      clearTimeout(connectTimer);
      resolve(response);
    });
    req.on('error', (err) => {
      clearTimeout(connectTimer);
      reject(err instanceof FeedFetchError ? err : new FeedFetchError(`it could not be reached (${(err as NodeJS.ErrnoException).code ?? err.message}).`));
    });
    req.end();
  });
}

async function outcome(response: IncomingMessage, url: string, options: FeedFetchOptions): Promise<FetchOutcome> {
  const status = response.statusCode ?? 0;
  if (status === 304) {
    response.resume();
    return { kind: 'not-modified' };
  }
  if (status < 200 || status > 299) {
    response.resume();
    throw new FeedFetchError(`it answers HTTP ${status}${response.statusMessage ? ` ${response.statusMessage.slice(0, 60)}` : ''}.`);
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes && !response.headers['content-encoding']) {
    response.destroy();
    throw new FeedFetchError(tooLarge(options.maxBytes));
  }
  const body = await readLimited(decoded(response), options.maxBytes, () => response.destroy());
  const etag = header(response, 'etag');
  const lastModified = header(response, 'last-modified');
  return { kind: 'fetched', body, url, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' && value.length <= 500 ? value : undefined;
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return response;
  response.on('error', (err) => decoder.destroy(err));
  return response.pipe(decoder);
}

/** The stream's text, or a FeedFetchError as soon as it passes `maxBytes` (the rest is never read). */
function readLimited(stream: Readable, maxBytes: number, abandon: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        abandon();
        reject(new FeedFetchError(tooLarge(maxBytes)));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', (err) => reject(err instanceof FeedFetchError ? err : new FeedFetchError(`its answer broke off (${err.message.slice(0, 80)}).`)));
    stream.on('close', () => size <= maxBytes && reject(new FeedFetchError('its answer broke off.')));
  });
}

function tooLarge(maxBytes: number): string {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return `its answer is larger than ${size}, the most Guild reads of a feed.`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** One time limit over several steps: each step races it, and what is still open is destroyed when it passes. */
class Deadline {
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  private readonly listeners: (() => void)[] = [];
  private fail: (err: Error) => void = () => undefined;

  constructor(private readonly ms: number) {
    this.expired = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.expired.catch(() => undefined);
    this.timer = setTimeout(() => {
      for (const listener of this.listeners) listener();
      this.fail(new FeedFetchError(`it did not answer within ${seconds(this.ms)}.`));
    }, ms);
  }

  onExpiry(listener: () => void): void {
    this.listeners.push(listener);
  }

  race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.expired]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
