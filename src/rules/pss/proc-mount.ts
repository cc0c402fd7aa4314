import { containersOf } from '../../manifest/pod-spec';
import { Severity } from '../rule';
import { inUserNamespace, pssRule, unmaskedProcMounts } from './pss-rule';

/** PSA `procMount`: containers must keep the default masked /proc, unless the pod runs in its own user namespace (v1.35+). */
export const procMount = pssRule({
  id: 'pss-proc-mount',
  checkId: 'procMount',
  level: 'baseline',
  minMinor: 0,
  title: 'Container unmasks /proc (procMount other than Default)',
  severity: Severity.MEDIUM,
  rationale: 'The default /proc mount masks and read-only-mounts kernel interfaces (e.g. /proc/kcore, /proc/sysrq-trigger); '
    + 'an unmasked /proc exposes them to the container.',
  fix: 'Remove securityContext.procMount or set it to Default. From v1.35, Baseline also allows other values in a pod with hostUsers: false.',
  references: {
    'polaris': ['procMount'],
    'kube-linter': ['unsafe-proc-mount'],
    'kubescape': ['C-0211'],
    'trivy': ['KSV-0027'],
  },
  checkPod(pod, minor) {
    // Inside a user namespace an unmasked /proc cannot reach the node's kernel interfaces; PSA relaxes this from v1.35.
    if (minor >= 35 && inUserNamespace(pod.spec)) return [];
    return unmaskedProcMounts(containersOf(pod));
  },
});
