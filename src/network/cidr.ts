import { IConstruct } from 'constructs';
import { propError } from '../core/errors';
import { blockContains, CidrBlock, formatAddress, hostBitsOf, parseCidrBlock } from '../detectors/cidr';

// The address-space measures live with the parser in the pure detector, so the rule engine can use them too.
export { coveredAddresses, nonPublicIpv4 } from '../detectors/cidr';

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
    if (inner.prefix <= block.prefix || !blockContains(block, inner)) {
      throw propError(scope, where, `"${e}" is not strictly inside "${cidr}", so the except has no effect or is refused by Kubernetes`, `use a smaller block inside "${cidr}", or remove it`);
    }
  });
}

function parseOrRefuse(scope: IConstruct, prop: string, cidr: string): CidrBlock {
  const fix = 'write the block as address/prefix, e.g. "10.20.0.0/16" or "2001:db8::/32" (a single address is "/32" or "/128")';
  if (typeof cidr !== 'string' || !cidr.includes('/')) throw propError(scope, prop, `${JSON.stringify(cidr)} has no prefix length`, fix);
  const block = parseCidrBlock(cidr);
  if (!block) {
    throw propError(scope, prop, `"${cidr}" is not a valid IPv${cidr.slice(0, cidr.indexOf('/')).includes(':') ? 6 : 4} CIDR`, fix);
  }
  const hostBits = hostBitsOf(block);
  if (hostBits !== BigInt(0)) {
    const network = formatAddress(block.family, block.address - hostBits);
    throw propError(scope, prop, `"${cidr}" has host bits set`, `use the network address "${network}/${block.prefix}"`);
  }
  return block;
}
