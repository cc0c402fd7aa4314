import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity } from '../rule';
import { inUserNamespace, pssRule, securityContextHolders } from './pss-rule';

/** PSA `runAsUser` (v1.23+): neither the pod nor any container may set runAsUser=0. */
export const runAsUser = pssRule({
  id: 'pss-run-as-user',
  checkId: 'runAsUser',
  level: 'restricted',
  minMinor: 23,
  title: 'Pod or container sets runAsUser=0 (root)',
  severity: Severity.MEDIUM,
  waivedBy: ['run-as-root'],
  rationale: 'An explicit runAsUser of 0 runs the process as root, whatever the image declares; root in a container is root on the '
    + 'node\'s kernel.',
  fix: 'Set runAsUser to a non-zero UID (or remove it and rely on the image\'s non-root USER). From v1.35 a pod with hostUsers: false is exempt.',
  references: {
    'cis': ['5.2.7'],
    'nsa': ['C-0013'],
    'polaris': [{ id: 'runAsRootAllowed', relation: ReferenceRelation.NARROWER, why: 'Polaris fails a container that neither sets runAsNonRoot: true nor a non-zero runAsUser; this rule fails only an explicit runAsUser: 0 (pss-run-as-non-root judges the unset case).' }],
    'kube-linter': ['run-as-non-root'],
    'checkov': [
      {
        id: 'CKV_K8S_23',
        relation: ReferenceRelation.RELATED,
        why: 'The rule fails only an explicit runAsUser 0 (Pod Security restricted), whatever runAsNonRoot says; the check fails a container with neither runAsNonRoot true nor a non-zero runAsUser, and passes runAsUser 0 with runAsNonRoot true.',
      },
    ],
    'kubescape': ['C-0013'],
    'trivy': ['KSV-0105'],
  },
  checkPod(pod, minor) {
    // Root in a user namespace maps to an unprivileged user on the node; PSA exempts such pods from v1.35.
    if (minor >= 35 && inUserNamespace(pod.spec)) return [];
    return securityContextHolders(pod, containersOf(pod))
      .filter(holder => holder.securityContext?.runAsUser === 0)
      .map(holder => ({ message: `${holder.label} sets securityContext.runAsUser=0`, path: `${holder.path}.runAsUser` }));
  },
});
