import { coveredAddresses } from '../network/cidr';

/**
 * The most IPv4 addresses a public endpoint's allow-list may cover together: a /8's worth (16,777,216). The
 * networks that administer a cluster (offices, VPNs, CI egress) are a few /16s at the very most; a list that
 * reaches a /8 is the internet by another name, however it is split (`0.0.0.0/1` + `128.0.0.0/1` is all of it).
 */
export const MAX_PUBLIC_IPV4_ADDRESSES = BigInt(2) ** BigInt(24);
/** The same bound for IPv6: a /32's worth, a whole provider allocation. */
export const MAX_PUBLIC_IPV6_ADDRESSES = BigInt(2) ** BigInt(96);

/**
 * What is wrong with the address space an allow-list covers (the union of its blocks, overlaps counted once),
 * or undefined when it stays below the bounds above. Malformed entries count for nothing: check them first.
 */
export function allowListBreadth(cidrs: readonly string[]): string | undefined {
  const { ipv4, ipv6 } = coveredAddresses(cidrs);
  const share = (n: bigint, bits: number) => `${(Number(n) / 2 ** bits * 100).toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`;
  if (ipv4 >= MAX_PUBLIC_IPV4_ADDRESSES) {
    return `together cover ${ipv4} IPv4 addresses, ${share(ipv4, 32)} of the IPv4 internet (at most ${MAX_PUBLIC_IPV4_ADDRESSES}, a /8's worth, is an allow-list)`;
  }
  if (ipv6 >= MAX_PUBLIC_IPV6_ADDRESSES) {
    return `together cover ${share(ipv6, 128)} of the IPv6 internet (at most a /32's worth is an allow-list)`;
  }
  return undefined;
}
