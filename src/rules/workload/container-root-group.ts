import { containersOf } from '../../manifest/pod-spec';
import { MIN_ID } from '../../manifest/user-ids';
import { podRule } from '../define';
import { Severity, Violation } from '../rule';

/** Neither the pod nor a container runs with, or adds, group 0 (root). */
export const containerRootGroup = podRule({
  id: 'container-root-group',
  title: 'Pod or container runs with the root group (GID 0)',
  severity: Severity.LOW,
  rationale: 'Group 0 owns many system files and devices; a process in it can read or write them even as a non-root user, and keeps that access '
    + 'on the node if it escapes.',
  fix: `Set runAsGroup and fsGroup to a non-zero GID (${MIN_ID} or more) and leave 0 out of supplementalGroups (HardenedDeployment and siblings use 10001).`,
  references: {
    'kube-linter': ['run-as-non-root'],
    'trivy': ['KSV-0116'],
  },
  checkPod(pod) {
    const podContext: Record<string, unknown> = pod.spec.securityContext ?? {};
    const violations: Violation[] = (['runAsGroup', 'fsGroup'] as const)
      .filter(field => podContext[field] === 0)
      .map(field => ({ message: `pod sets securityContext.${field}=0`, path: `${pod.path}.securityContext.${field}` }));
    const supplemental = podContext.supplementalGroups;
    const at = Array.isArray(supplemental) ? supplemental.indexOf(0) : -1;
    if (at >= 0) {
      violations.push({ message: 'pod adds group 0 in securityContext.supplementalGroups', path: `${pod.path}.securityContext.supplementalGroups[${at}]` });
    }
    for (const c of containersOf(pod)) {
      if ((c.container.securityContext as Record<string, unknown> | undefined)?.runAsGroup === 0) {
        violations.push({ message: `${c.label} sets securityContext.runAsGroup=0`, path: `${c.path}.securityContext.runAsGroup` });
      }
    }
    return violations;
  },
});
