/**
 * CIDR blocks as Kubernetes reads them, and how much public address space a block opens. Pure, so the constructs
 * (which refuse a broad peer without a justification) and the rule engine (which reports one on any input) judge
 * a block the same way.
 */

/** A parsed CIDR block. */
export interface CidrBlock {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** 2^n as a bigint; addresses are 128-bit at most, beyond what bitwise number operations hold. */
export function pow2(n: number): bigint {
  return BigInt(2) ** BigInt(n);
}

function bitsOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** Number of addresses in a block. */
export function blockSize(block: CidrBlock): bigint {
  return pow2(bitsOf(block.family) - block.prefix);
}

/**
 * The block `address/prefix`, or undefined when the text is not one (malformed address or prefix). Host bits are
 * kept as written: `hostBitsOf` tells whether any are set.
 */
export function parseCidrBlock(cidr: string): CidrBlock | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const addressText = cidr.slice(0, slash);
  const prefixText = cidr.slice(slash + 1);
  const family = addressText.includes(':') ? 6 : 4;
  const address = family === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  const prefix = /^(0|[1-9][0-9]{0,2})$/.test(prefixText) ? Number(prefixText) : NaN;
  if (address === undefined || !(prefix <= bitsOf(family))) return undefined;
  return { family, address, prefix };
}

/** The address bits below the prefix (zero for a well-formed network address). */
export function hostBitsOf(block: CidrBlock): bigint {
  return block.address % blockSize(block);
}

/** Whether `inner` lies inside `outer` (same family; equal blocks contain each other). */
export function blockContains(outer: CidrBlock, inner: CidrBlock): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const size = blockSize(outer);
  return outer.address / size === inner.address / size;
}

/** The common part of two blocks: blocks either nest or are disjoint, so it is the smaller one or nothing. */
function intersect(a: CidrBlock, b: CidrBlock): CidrBlock | undefined {
  if (blockContains(a, b)) return b;
  if (blockContains(b, a)) return a;
  return undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every(p => OCTET.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * pow2(8) + BigInt(Number(p)), BigInt(0));
}

function parseIpv6(text: string): bigint | undefined {
  let groups: string[];
  // An embedded IPv4 tail (e.g. ::ffff:10.0.0.0) stands for the last two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let v4: bigint | undefined;
  if (tail.includes('.')) {
    v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  if (halves.length === 2) {
    const head = split(halves[0]);
    const rest = split(halves[1]);
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array(missing).fill('0'), ...rest];
  } else {
    groups = split(text);
  }
  if (groups.length !== 8 || !groups.every(g => HEXTET.test(g))) return undefined;
  const value = groups.reduce((acc, g) => acc * pow2(16) + BigInt(parseInt(g, 16)), BigInt(0));
  return v4 === undefined ? value : value - (value % pow2(32)) + v4;
}

/** An address as text (IPv6 compressed per RFC 5952), for suggestions that read like the input. */
export function formatAddress(family: 4 | 6, address: bigint): string {
  if (family === 4) {
    return [24, 16, 8, 0].map(s => Number((address / pow2(s)) % pow2(8))).join('.');
  }
  const groups = [112, 96, 80, 64, 48, 32, 16, 0].map(s => Number((address / pow2(s)) % pow2(16)).toString(16));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

const block = (text: string): CidrBlock => parseCidrBlock(text)!;

/**
 * IPv4 space that is not on the public internet (RFC 6890 special-purpose blocks: this network, private, shared
 * CGNAT, loopback, link-local, IETF, documentation, benchmarking, multicast, reserved). Disjoint.
 */
const NON_PUBLIC_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4',
  '240.0.0.0/4'].map(block);
/** Global unicast IPv6 (2000::/3), less the documentation block: ULA, link-local and multicast are not public. */
const GLOBAL_V6 = block('2000::/3');
const DOCUMENTATION_V6 = block('2001:db8::/32');
/**
 * IPv6 blocks that carry the whole IPv4 address space in their last 32 bits: IPv4-mapped addresses and the NAT64
 * well-known prefix. `64:ff9b::/96` opens the IPv4 internet through a NAT64 gateway, so it counts as the IPv4 it embeds.
 */
const IPV4_EMBEDDING = ['::ffff:0:0/96', '64:ff9b::/96'].map(block);

/** Public IPv4 addresses in a block of IPv4. */
function publicV4(b: CidrBlock): bigint {
  return NON_PUBLIC_V4.reduce((n, s) => n - (intersect(b, s) ? blockSize(intersect(b, s)!) : BigInt(0)), blockSize(b));
}

/** Global IPv6 addresses in a block of IPv6. */
function globalV6(b: CidrBlock): bigint {
  const g = intersect(b, GLOBAL_V6);
  if (!g) return BigInt(0);
  const doc = intersect(g, DOCUMENTATION_V6);
  return blockSize(g) - (doc ? blockSize(doc) : BigInt(0));
}

/** Public IPv4 addresses an IPv6 block reaches through the IPv4-embedding prefixes. */
function embeddedV4(b: CidrBlock): bigint {
  return IPV4_EMBEDDING.reduce((n, e) => {
    const part = intersect(b, e);
    if (!part) return n;
    return n + publicV4({ family: 4, address: part.address % pow2(32), prefix: part.prefix - 96 });
  }, BigInt(0));
}

/** Public address space a block opens: IPv4 addresses (direct or embedded in IPv6) and global IPv6 addresses. */
export interface PublicReach {
  readonly ipv4: bigint;
  readonly ipv6: bigint;
}

/**
 * How much public address space `cidr` minus `except` covers. Excepts outside the block, or nested in another
 * except, are counted once at most, so a list of excepts can never make a block look narrower than it is.
 * Undefined when the block does not parse.
 */
export function publicReach(cidr: string, except: readonly string[] = []): PublicReach | undefined {
  const outer = parseCidrBlock(cidr);
  if (!outer) return undefined;
  const inner = except.map(parseCidrBlock)
    .map(e => (e ? intersect(outer, e) : undefined))
    .filter((e): e is CidrBlock => e !== undefined);
  // Blocks nest or are disjoint: keep the outermost excepts, once each.
  const disjoint = inner.filter((e, i) => !inner.some((o, j) => j !== i && blockContains(o, e) && (!blockContains(e, o) || j < i)));
  const measure = (b: CidrBlock): PublicReach => b.family === 4
    ? { ipv4: publicV4(b), ipv6: BigInt(0) }
    : { ipv4: embeddedV4(b), ipv6: globalV6(b) };
  const total = measure(outer);
  return disjoint.map(measure).reduce((acc, m) => ({ ipv4: acc.ipv4 - m.ipv4, ipv6: acc.ipv6 - m.ipv6 }), total);
}

/** Prefix length of the widest IPv4 block a peer may open without a justification: a /8 of public addresses. */
export const BROAD_IPV4_PREFIX = 8;
/** Prefix length of the widest IPv6 block a peer may open without a justification: a /32 of global addresses (an RIR's minimum allocation). */
export const BROAD_IPV6_PREFIX = 32;

/**
 * Why `cidr` (minus `except`) is too broad to open without a justification, or undefined: it covers more public
 * IPv4 addresses than a /8 holds, or more global IPv6 addresses than a /32 holds. Private and special-purpose space
 * (10.0.0.0/8, 172.16.0.0/12, fd00::/8, …) does not count, so a cluster's own ranges never need one; `0.0.0.0/0`,
 * `::/0`, `0.0.0.0/1`, `::ffff:0:0/96` (all of IPv4, mapped) and `64:ff9b::/96` (NAT64) do.
 */
export function broadCidrProblem(cidr: string, except: readonly string[] = []): string | undefined {
  const reach = publicReach(cidr, except);
  if (!reach) return undefined;
  const limit4 = pow2(32 - BROAD_IPV4_PREFIX);
  const limit6 = pow2(128 - BROAD_IPV6_PREFIX);
  const described = except.length ? `"${cidr}" except ${except.join(', ')}` : `"${cidr}"`;
  // IPv6 first: `::/0` also embeds all of IPv4, but its IPv6 reach is what a reader needs to see.
  if (reach.ipv6 > limit6) {
    return `${described} covers about 2^${Math.round(Math.log2(Number(reach.ipv6)))} global IPv6 addresses, more than a /${BROAD_IPV6_PREFIX} (2^${128 - BROAD_IPV6_PREFIX})`;
  }
  if (reach.ipv4 > limit4) {
    return `${described} covers ${reach.ipv4.toLocaleString('en-US')} public IPv4 addresses, more than a /${BROAD_IPV4_PREFIX} (${limit4.toLocaleString('en-US')})`;
  }
  return undefined;
}

/** IPv4 space that never reaches a public endpoint, by name (documentation ranges are left out: examples use them as public). */
const NAMED_NON_PUBLIC_V4: ReadonlyArray<readonly [CidrBlock, string]> = [
  ['10.0.0.0/8', 'private (RFC 1918)'], ['172.16.0.0/12', 'private (RFC 1918)'], ['192.168.0.0/16', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'], ['127.0.0.0/8', 'loopback'], ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'], ['0.0.0.0/8', '"this network" (RFC 1122)'], ['240.0.0.0/4', 'reserved (RFC 1112)'],
].map(([cidr, name]) => [block(cidr), name] as const);

/** What kind of non-public IPv4 space `cidr` lies in entirely (`private (RFC 1918)`, `loopback`…), or undefined. */
export function nonPublicIpv4(cidr: string): string | undefined {
  const b = parseCidrBlock(cidr);
  if (!b || b.family !== 4) return undefined;
  return NAMED_NON_PUBLIC_V4.find(([range]) => blockContains(range, b))?.[1];
}

/**
 * How many addresses of each family a list of blocks covers together: the union, so overlapping and nested blocks
 * count once and adjacent ones add up. Entries that are not CIDR blocks count for nothing.
 */
export function coveredAddresses(cidrs: readonly string[]): { ipv4: bigint; ipv6: bigint } {
  const union = (family: 4 | 6): bigint => {
    const ranges = cidrs.map(parseCidrBlock)
      .filter((b): b is CidrBlock => b !== undefined && b.family === family)
      .map(b => {
        const start = b.address - hostBitsOf(b);
        return [start, start + blockSize(b)] as const;
      })
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    let total = BigInt(0);
    let end = BigInt(-1);
    for (const [s, e] of ranges) {
      if (s >= end) {
        total += e - s;
        end = e;
      } else if (e > end) {
        total += e - end;
        end = e;
      }
    }
    return total;
  };
  return { ipv4: union(4), ipv6: union(6) };
}
