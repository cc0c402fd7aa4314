import { containersOf } from '../../manifest/pod-spec';
import { Severity } from '../rule';
import { pssRule } from './pss-rule';

/** PSA `privileged`: no container may run privileged. */
export const privileged = pssRule({
  id: 'pss-privileged',
  checkId: 'privileged',
  level: 'baseline',
  minMinor: 0,
  title: 'Container runs privileged',
  severity: Severity.CRITICAL,
  waivedBy: ['privileged'],
  rationale: 'A privileged container gets every capability and all host devices, and runs without seccomp, AppArmor or SELinux confinement: '
    + 'it is root on the node, one mount away from taking it over.',
  fix: 'Remove securityContext.privileged (or set it to false); grant only the specific capabilities the process needs.',
  references: {
    'cis': ['5.2.2'],
    'nsa': ['C-0057'],
    'polaris': ['runAsPrivileged'],
    'kube-score': ['container-security-context-privileged'],
    'kube-linter': ['privileged-container'],
    'checkov': ['CKV_K8S_16'],
    'kubescape': ['C-0057'],
    'trivy': ['KSV-0017'],
  },
  checkPod(pod) {
    return containersOf(pod)
      .filter(c => c.container.securityContext?.privileged === true)
      .map(c => ({ message: `${c.label} sets securityContext.privileged=true`, path: `${c.path}.securityContext.privileged` }));
  },
});
