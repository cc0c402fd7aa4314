import { BASELINE_ALLOWED_CAPABILITIES } from '../../detectors/pss-capabilities';
import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { pssRule, show } from './pss-rule';

const ALLOWED_ADDS = new Set(BASELINE_ALLOWED_CAPABILITIES);

/** PSA `capabilities_baseline`: containers may add only capabilities of the runtime's default set. */
export const capabilitiesBaseline = pssRule({
  id: 'pss-capabilities-baseline',
  checkId: 'capabilities_baseline',
  level: 'baseline',
  minMinor: 0,
  title: 'Container adds a capability beyond the runtime default set',
  severity: Severity.HIGH,
  waivedBy: ['add-capabilities'],
  rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN, NET_RAW or SYS_MODULE hand pieces of root to the container: '
    + 'mounting filesystems, reconfiguring or spoofing the network, loading kernel modules.',
  fix: 'Remove the capability from securityContext.capabilities.add; only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, '
    + 'NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT are allowed.',
  references: {
    'cis': ['5.2.9', '5.2.8'],
    'nsa': ['C-0046'],
    'polaris': ['dangerousCapabilities', { id: 'insecureCapabilities', relation: ReferenceRelation.NARROWER, why: 'Pod Security baseline forbids adding capabilities beyond the default set and does not require dropping any; Polaris also fails a container that keeps a default insecure capability such as NET_RAW.' }],
    'kube-linter': ['drop-net-raw-capability'],
    'checkov': [
      {
        id: 'CKV_K8S_25',
        relation: ReferenceRelation.NARROWER,
        why: 'Pod Security baseline lets a container add the default runtime capabilities (CHOWN, NET_BIND_SERVICE and the rest of its list); this check fails any added capability.',
      },
      {
        id: 'CKV_K8S_39',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails any capability added beyond the baseline list (NET_ADMIN, ALL and others), not only SYS_ADMIN.',
      },
    ],
    'kubescape': ['C-0046', 'C-0211'],
    'trivy': [
      {
        id: 'KSV-0022',
        relation: ReferenceRelation.NARROWER,
        why: 'Pod Security baseline lets a container add the default runtime capabilities (CHOWN, NET_BIND_SERVICE and the rest of its list); this check fails any added capability.',
      },
      {
        id: 'KSV-0005',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails any capability added beyond the baseline list (NET_ADMIN, ALL and others), not only SYS_ADMIN.',
      },
      {
        id: 'KSV-0119',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails any capability added beyond the baseline list, not only NET_RAW.',
      },
      {
        id: 'KSV-0120',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails any capability added beyond the baseline list, not only SYS_MODULE.',
      },
    ],
  },
  checkPod(pod) {
    const violations: Violation[] = [];
    for (const c of containersOf(pod)) {
      const added = c.container.securityContext?.capabilities?.add;
      if (!Array.isArray(added)) continue;
      added.forEach((capability, i) => {
        if (typeof capability === 'string' && ALLOWED_ADDS.has(capability)) return;
        violations.push({
          message: `${c.label} adds capability ${show(capability)} in securityContext.capabilities.add`,
          path: `${c.path}.securityContext.capabilities.add[${i}]`,
        });
      });
    }
    return violations;
  },
});
