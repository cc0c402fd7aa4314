import { IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** A parsed CIDR block. */
interface Block {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/**
 * Refuses a CIDR that Kubernetes would reject or that is probably a typo: malformed addresses, prefixes out of
 * range, host bits set (`10.20.1.5/16` usually means `10.20.0.0/16`), and excepts outside the block or of the
 * other family.
 */
export function checkCidr(scope: IConstruct, prop: string, cidr: string, except: readonly string[]): void {
  const block = parseOrRefuse(scope, prop, cidr);
  except.forEach((e, i) => {
    const where = `${prop}.except[${i}]`;
    const inner = parseOrRefuse(scope, where, e);
    if (inner.family !== block.family) {
      throw propError(scope, where, `"${e}" is an IPv${inner.family} block inside the IPv${block.family} block "${cidr}"`, `use an IPv${block.family} block inside "${cidr}"`);
    }
    if (inner.prefix <= block.prefix || !contains(block, inner)) {
      throw propError(scope, where, `"${e}" is not strictly inside "${cidr}", so the except has no effect or is refused by Kubernetes`, `use a smaller block inside "${cidr}", or remove it`);
    }
  });
}

function parseOrRefuse(scope: IConstruct, prop: string, cidr: string): Block {
  const slash = cidr.indexOf('/');
  const fix = 'write the block as address/prefix, e.g. "10.20.0.0/16" or "2001:db8::/32" (a single address is "/32" or "/128")';
  if (slash < 0) throw propError(scope, prop, `"${cidr}" has no prefix length`, fix);
  const addressText = cidr.slice(0, slash);
  const prefixText = cidr.slice(slash + 1);
  const family = addressText.includes(':') ? 6 : 4;
  const address = family === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  const bits = family === 4 ? 32 : 128;
  const prefix = /^(0|[1-9][0-9]{0,2})$/.test(prefixText) ? Number(prefixText) : NaN;
  if (address === undefined || !(prefix <= bits)) {
    throw propError(scope, prop, `"${cidr}" is not a valid IPv${family} CIDR`, fix);
  }
  const hostBits = address % pow2(bits - prefix);
  if (hostBits !== BigInt(0)) {
    const network = format(family, address - hostBits);
    throw propError(scope, prop, `"${cidr}" has host bits set`, `use the network address "${network}/${prefix}"`);
  }
  return { family, address, prefix };
}

function contains(outer: Block, inner: Block): boolean {
  const bits = outer.family === 4 ? 32 : 128;
  const size = pow2(bits - outer.prefix);
  return outer.address / size === inner.address / size;
}

/** 2^n as a bigint; addresses are 128-bit at most, beyond what bitwise number operations hold. */
function pow2(n: number): bigint {
  return BigInt(2) ** BigInt(n);
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

function format(family: 4 | 6, address: bigint): string {
  if (family === 4) {
    return [24, 16, 8, 0].map(s => Number((address / pow2(s)) % pow2(8))).join('.');
  }
  const groups = [112, 96, 80, 64, 48, 32, 16, 0].map(s => Number((address / pow2(s)) % pow2(16)).toString(16));
  // Compress the longest run of zero groups (RFC 5952), so the suggestion reads like the input.
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
