import { allowListBreadth, MAX_PUBLIC_IPV4_ADDRESSES } from '../../src/aws/public-access';
import { coveredAddresses, nonPublicIpv4 } from '../../src/network/cidr';

describe('coveredAddresses: the union of the blocks, overlaps counted once', () => {
  test.each<[string, string[], bigint, bigint]>([
    ['one /24', ['203.0.113.0/24'], BigInt(256), BigInt(0)],
    ['two halves are the whole IPv4 space', ['0.0.0.0/1', '128.0.0.0/1'], BigInt(2) ** BigInt(32), BigInt(0)],
    ['a block inside another counts once', ['8.0.0.0/8', '8.8.8.0/24'], BigInt(2) ** BigInt(24), BigInt(0)],
    ['partial overlaps merge', ['8.0.0.0/9', '8.0.0.0/10', '8.64.0.0/10'], BigInt(2) ** BigInt(23), BigInt(0)],
    ['adjacent blocks add up', ['1.0.0.0/9', '1.128.0.0/9'], BigInt(2) ** BigInt(24), BigInt(0)],
    ['the same block twice counts once', ['198.51.100.7/32', '198.51.100.7/32'], BigInt(1), BigInt(0)],
    ['families are counted apart', ['10.0.0.0/8', '2001:db8::/32'], BigInt(2) ** BigInt(24), BigInt(2) ** BigInt(96)],
    ['::/1 and 8000::/1 are all of IPv6', ['::/1', '8000::/1'], BigInt(0), BigInt(2) ** BigInt(128)],
    ['malformed entries count for nothing', ['office', '1.2.3.4'], BigInt(0), BigInt(0)],
  ])('%s', (_name, cidrs, ipv4, ipv6) => {
    expect(coveredAddresses(cidrs)).toEqual({ ipv4, ipv6 });
  });
});

describe('allowListBreadth: refuses what covers a /8\'s worth or more, whatever the spelling', () => {
  test.each<[string[], RegExp]>([
    [['0.0.0.0/0'], /4294967296 IPv4 addresses, 100% of the IPv4 internet/],
    [['0.0.0.0/1', '128.0.0.0/1'], /4294967296 IPv4 addresses, 100% of the IPv4 internet/],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2'], /3221225472 IPv4 addresses, 75% of the IPv4 internet/],
    [['1.0.0.0/8'], /16777216 IPv4 addresses, 0\.391% of the IPv4 internet \(at most 16777216, a \/8's worth/],
    [['1.0.0.0/9', '1.128.0.0/9'], /16777216 IPv4 addresses/],
    [['::/0'], /100% of the IPv6 internet/],
    [['2000::/3'], /12\.5% of the IPv6 internet/],
  ])('%j', (cidrs, problem) => {
    expect(allowListBreadth(cidrs)).toMatch(problem);
  });

  test.each<[string[]]>([
    [['203.0.113.0/24', '198.51.100.7/32']],
    [['1.0.0.0/9']],
    [['8.0.0.0/9', '8.0.0.0/10', '8.64.0.0/10']],
    [['52.94.0.0/16', '54.239.0.0/16', '3.5.140.0/22']],
    [['2001:db8::/48']],
  ])('accepts %j', cidrs => {
    expect(allowListBreadth(cidrs)).toBeUndefined();
  });

  test('the bound is exactly a /8', () => {
    expect(MAX_PUBLIC_IPV4_ADDRESSES).toBe(coveredAddresses(['10.0.0.0/8']).ipv4);
    expect(allowListBreadth(['1.0.0.0/9', '1.128.0.0/10', '1.192.0.0/11', '1.224.0.0/12'])).toBeUndefined();
  });
});

describe('nonPublicIpv4', () => {
  test.each<[string, string | undefined]>([
    ['10.1.0.0/16', 'private (RFC 1918)'],
    ['172.16.0.0/12', 'private (RFC 1918)'],
    ['192.168.1.0/24', 'private (RFC 1918)'],
    ['100.64.0.0/16', 'carrier-grade NAT (RFC 6598)'],
    ['127.0.0.1/32', 'loopback'],
    ['169.254.169.254/32', 'link-local'],
    ['224.0.0.0/8', 'multicast'],
    ['172.32.0.0/16', undefined],
    ['203.0.113.0/24', undefined],
    ['0.0.0.0/1', undefined],
    ['2001:db8::/32', undefined],
  ])('%s', (cidr, kind) => {
    expect(nonPublicIpv4(cidr)).toBe(kind);
  });
});
