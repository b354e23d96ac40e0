import { bareHost, checkFeedUrl, forbiddenRange, ipv6Bytes } from '../../../../src/rituals/ideas/ideas.address';

describe('feed address rules', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
  ])('refuses IPv4 %s (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.1.1', '11.0.0.1', '223.255.255.255'])('allows public IPv4 %s', (address) => {
    expect(forbiddenRange(address)).toBeUndefined();
  });

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::FFFF:10.0.0.1', 'IPv4-mapped private'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['::ffff:100.64.1.1', 'IPv4-mapped carrier-grade NAT'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::192.168.0.1', 'NAT64 private'],
    ['2002:c0a8:0101::1', '6to4 private'],
  ])('refuses IPv6 %s (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['2606:4700:4700::1111', '2a00:1450:4009:81d::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:0808:0808::1', 'fbff::1', '2400:cb00::1'])('allows public IPv6 %s', (address) => {
    expect(forbiddenRange(address)).toBeUndefined();
  });

  it('refuses what is not an IP address', () => {
    expect(forbiddenRange('localhost')).toBe('not an IP address');
    expect(forbiddenRange('1.2.3')).toBe('not an IP address');
  });

  it('expands IPv6 forms to their 16 bytes', () => {
    expect(ipv6Bytes('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect(ipv6Bytes('1::2')).toEqual([0, 1, ...new Array(12).fill(0), 0, 2]);
    expect(ipv6Bytes('1.2.3.4')).toBeUndefined();
  });

  it('takes http(s) URLs only, without credentials', () => {
    expect(checkFeedUrl('https://example.org/feed.xml')).toMatchObject({ ok: true });
    expect(checkFeedUrl('http://example.org/feed#top')).toMatchObject({ ok: true, url: new URL('http://example.org/feed') });
    for (const bad of ['ftp://example.org/feed', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x', 'data:text/xml,<rss/>']) {
      expect(checkFeedUrl(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/Only http and https/) });
    }
    expect(checkFeedUrl('example.org/feed')).toMatchObject({ ok: false, problem: expect.stringMatching(/not a web address/) });
    expect(checkFeedUrl('https://user:pw@example.org/feed')).toMatchObject({ ok: false, problem: expect.stringMatching(/user name and password/) });
    expect(checkFeedUrl(`https://example.org/${'a'.repeat(2000)}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/too long/) });
  });

  it('gives IPv6 literal hosts without brackets', () => {
    expect(bareHost(new URL('http://[::1]:8080/feed'))).toBe('::1');
    expect(bareHost(new URL('http://[::ffff:127.0.0.1]/feed'))).toBe('::ffff:7f00:1');
  });
});
