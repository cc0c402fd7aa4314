import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { Severity } from '../rule';

/** Every container mounts its root filesystem read-only. */
export const containerReadOnlyRootFilesystem = podRule({
  id: 'container-read-only-root-filesystem',
  title: 'Container root filesystem is writable',
  severity: Severity.MEDIUM,
  waivedBy: ['writable-root-filesystem'],
  rationale: 'A writable root filesystem lets an attacker drop tools, modify binaries or plant persistence inside the container; '
    + 'read-only also makes every write location an explicit, reviewable volume.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes (HardenedDeployment and siblings do, '
    + 'with writable paths declared per container; only Waiver.writableRootFilesystem relaxes it).',
  references: {
    'polaris': ['notReadOnlyRootFilesystem'],
    'kube-score': ['container-security-context-readonlyrootfilesystem'],
    'kube-linter': ['no-read-only-root-fs'],
    'checkov': ['CKV_K8S_22'],
    'nsa': ['C-0017'],
    'kubescape': ['C-0017'],
    'trivy': ['KSV-0014'],
  },
  checkPod(pod) {
    return containersOf(pod)
      .filter(c => c.container.securityContext?.readOnlyRootFilesystem !== true)
      .map(c => ({
        message: `${c.label} does not set securityContext.readOnlyRootFilesystem=true`,
        path: `${c.path}.securityContext.readOnlyRootFilesystem`,
      }));
  },
});
