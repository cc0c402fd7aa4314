import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { isWindowsPod, pssRule, show } from './pss-rule';

/** PSA `capabilities_restricted` (v1.22+): every container drops ALL and adds back at most NET_BIND_SERVICE (Linux pods, from v1.25). */
export const capabilitiesRestricted = pssRule({
  id: 'pss-capabilities-restricted',
  checkId: 'capabilities_restricted',
  level: 'restricted',
  minMinor: 22,
  title: 'Container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE',
  severity: Severity.MEDIUM,
  waivedBy: ['add-capabilities'],
  rationale: 'The runtime\'s default capability set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW on some runtimes …) is more than most processes '
    + 'need; each one left in place is power an attacker inherits.',
  fix: 'Set securityContext.capabilities.drop: ["ALL"] on every container and add back only NET_BIND_SERVICE if the process binds a port below 1024.',
  references: {
    cis: ['5.2.10', '5.2.9'],
    nsa: ['C-0055'],
    polaris: [{ id: 'insecureCapabilities', relation: ReferenceRelation.STRICTER, why: 'Polaris fails a container that keeps one of its list of insecure capabilities; Pod Security restricted requires dropping ALL, so a container that drops the whole list by name still fails here.' }],
    checkov: [
      {
        id: 'CKV_K8S_37',
        relation: ReferenceRelation.STRICTER,
        why: 'Pod Security restricted asks for the exact value ALL in drop (case-sensitive, as the API server compares it) and allows adding only NET_BIND_SERVICE, in init containers too; the check accepts more spellings and settings.',
      },
      {
        id: 'CKV_K8S_28',
        relation: ReferenceRelation.STRICTER,
        why: 'Dropping ALL, which the rule requires, drops NET_RAW; the rule also fails a container that drops only NET_RAW.',
      },
    ],
    kubescape: ['C-0055'],
    trivy: ['KSV-0003', 'KSV-0004', 'KSV-0106'],
  },
  checkPod(pod) {
    if (isWindowsPod(pod.spec)) return [];
    const violations: Violation[] = [];
    for (const c of containersOf(pod)) {
      const capabilities = c.container.securityContext?.capabilities;
      const path = `${c.path}.securityContext.capabilities`;
      if (!(Array.isArray(capabilities?.drop) && capabilities.drop.includes('ALL'))) {
        violations.push({ message: `${c.label} does not set securityContext.capabilities.drop=["ALL"]`, path: `${path}.drop` });
      }
      const added = capabilities?.add;
      if (!Array.isArray(added)) continue;
      added.forEach((capability, i) => {
        if (capability === 'NET_BIND_SERVICE') return;
        violations.push({ message: `${c.label} adds capability ${show(capability)} in securityContext.capabilities.add`, path: `${path}.add[${i}]` });
      });
    }
    return violations;
  },
});
