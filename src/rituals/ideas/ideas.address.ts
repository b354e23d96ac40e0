import { isIP } from 'node:net';

/**
 * Which addresses a feed may be read from. Guild fetches URLs organisers typed, from inside the
 * network it runs in: a feed on a loopback, private, link-local, CGNAT, unique-local, multicast
 * or otherwise special address could reach services that are not meant to be reached from
 * outside (a cloud's metadata endpoint at 169.254.169.254, a database's admin page). Pure; the
 * DNS lookup and the pinned connection are in ideas.fetch.ts.
 */

/** A range of addresses: the first `bits` bits of `prefix`. */
interface Range {
  prefix: number[];
  bits: number;
  name: string;
}

const v4 = (text: string, bits: number, name: string): Range => ({ prefix: text.split('.').map(Number), bits, name });

/** IPv4 ranges that are not the public internet (RFC 6890 and its successors). */
const V4_SPECIAL: Range[] = [
  v4('0.0.0.0', 8, 'this network'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'carrier-grade NAT'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'protocol assignments'),
  v4('192.0.2.0', 24, 'documentation'),
  v4('192.88.99.0', 24, '6to4 relay'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'benchmarking'),
  v4('198.51.100.0', 24, 'documentation'),
  v4('203.0.113.0', 24, 'documentation'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (text: string, bits: number, name: string): Range => ({ prefix: ipv6Bytes(text)!, bits, name });

/** IPv6 ranges that are not the public internet, besides those that embed an IPv4 address (below). */
const V6_SPECIAL: Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('100::', 64, 'discard'),
  v6('2001::', 32, 'Teredo'),
  v6('2001:db8::', 32, 'documentation'),
  v6('fc00::', 7, 'unique-local'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'site-local'),
  v6('ff00::', 8, 'multicast'),
];

/** IPv6 forms that carry an IPv4 address: that address decides. */
const V6_EMBEDDING: { range: Range; at: number }[] = [
  { range: v6('::ffff:0:0', 96, 'IPv4-mapped'), at: 12 },
  { range: v6('::', 96, 'IPv4-compatible'), at: 12 },
  { range: v6('64:ff9b::', 96, 'NAT64'), at: 12 },
  { range: v6('2002::', 16, '6to4'), at: 2 },
];

function inRange(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const take = Math.min(8, range.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((range.prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** The 4 bytes of a dotted IPv4 address, or undefined. */
export function ipv4Bytes(text: string): number[] | undefined {
  if (isIP(text) !== 4) return undefined;
  return text.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (with `::`, a trailing dotted IPv4, or a `%zone`), or undefined. */
export function ipv6Bytes(text: string): number[] | undefined {
  const address = text.replace(/%.*$/, '');
  if (isIP(address) !== 6) return undefined;
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string): number[] => {
    if (!part) return [];
    const bytes: number[] = [];
    for (const group of part.split(':')) {
      const dotted = ipv4Bytes(group);
      if (dotted) bytes.push(...dotted);
      else bytes.push(parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff);
    }
    return bytes;
  };
  const front = groups(head);
  if (tail === undefined) return front;
  const back = groups(tail);
  return [...front, ...new Array<number>(16 - front.length - back.length).fill(0), ...back];
}

/**
 * Why an address may not be read from (its range's name), or undefined for a public address.
 * Anything that is not an IP address at all is refused too.
 */
export function forbiddenRange(address: string): string | undefined {
  const four = ipv4Bytes(address);
  if (four) return V4_SPECIAL.find((r) => inRange(four, r))?.name;
  const six = ipv6Bytes(address);
  if (!six) return 'not an IP address';
  const special = V6_SPECIAL.find((r) => inRange(six, r))?.name;
  if (special) return special;
  const embedding = V6_EMBEDDING.find(({ range }) => inRange(six, range));
  if (!embedding) return undefined;
  const reason = forbiddenRange(six.slice(embedding.at, embedding.at + 4).join('.'));
  return reason ? `${embedding.range.name} ${reason}` : undefined;
}

/** A feed URL as the organiser typed it, checked for its form (not yet its address). */
export type CheckedUrl = { ok: true; url: URL } | { ok: false; problem: string };

export const FEED_URL_MAX = 2000;

/** Only http(s), with a host, no user name or password, at most 2,000 characters. */
export function checkFeedUrl(text: string): CheckedUrl {
  if (text.length > FEED_URL_MAX) return { ok: false, problem: `That address is too long (at most ${FEED_URL_MAX} characters).` };
  if (!URL.canParse(text)) return { ok: false, problem: 'That is not a web address. Give the feed\'s full address, e.g. `https://example.org/feed.xml`.' };
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `Only http and https feeds can be read, not ${url.protocol.replace(/:$/, '')}. Give an address starting with https://.` };
  if (!url.hostname) return { ok: false, problem: 'That address has no host name.' };
  if (url.username || url.password) return { ok: false, problem: 'Leave the user name and password out of a feed address: Guild reads public feeds only.' };
  url.hash = '';
  return { ok: true, url };
}

/** The host of a URL as DNS and the address rules take it: IPv6 literals without their brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
