import { broadCidrProblem } from '../../detectors/cidr';
import { objectRule } from '../define';
import { Severity, Violation } from '../rule';
import { asList } from '../workload/containers';

/** A NetworkPolicy opens no more public address space than a /8 of IPv4 or a /32 of IPv6 per peer. */
export const networkPolicyBroadCidr = objectRule({
  id: 'network-policy-broad-cidr',
  title: 'NetworkPolicy opens traffic with a large part of the internet',
  severity: Severity.MEDIUM,
  waivedBy: ['broad-cidr'],
  rationale: 'An ipBlock such as 0.0.0.0/0 or ::/0 (or a rule with no peers at all, which means every address) lets the pods reach, or be '
    + 'reached from, the whole internet on the rule\'s ports: exfiltration and command-and-control egress, or direct exposure, that the '
    + 'default deny was meant to stop. Private ranges do not count; a block counts for the public addresses it covers, less its excepts.',
  fix: 'Narrow the ipBlock to the addresses needed (a provider\'s published ranges, an egress proxy or NAT gateway), or record why with '
    + 'Peer.broadCidr(cidr, justification), which writes waiver.cdk8s-hardening.dev/broad-cidr on the policy.',
  kinds: ['NetworkPolicy'],
  references: {
    nsa: ['C-0030'],
    kubescape: ['C-0030'],
  },
  check(object) {
    const out: Violation[] = [];
    for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
      asList(object.spec?.[direction]).forEach((rule: any, i: number) => {
        const peers: any[] = asList(rule?.[peersKey]);
        if (rule && typeof rule === 'object' && peers.length === 0) {
          out.push({
            message: `${direction}[${i}] has no ${peersKey}, so it ${direction === 'ingress' ? 'admits every source' : 'allows every destination'}, the internet included`,
            path: `spec.${direction}[${i}]`,
          });
        }
        peers.forEach((peer, j) => {
          const block = peer?.ipBlock;
          if (typeof block?.cidr !== 'string') return;
          const except = asList(block.except).filter((e: unknown): e is string => typeof e === 'string');
          const problem = broadCidrProblem(block.cidr, except);
          if (problem) out.push({ message: `${direction} ${direction === 'ingress' ? 'from' : 'to'} ${problem}`, path: `spec.${direction}[${i}].${peersKey}[${j}].ipBlock.cidr` });
        });
      });
    }
    return out;
  },
});
