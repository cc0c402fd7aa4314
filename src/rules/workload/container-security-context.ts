import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { securityContextHolders } from '../pss/pss-rule';
import { Severity } from '../rule';

/** The pod and every container set a non-empty securityContext. */
export const containerSecurityContext = podRule({
  id: 'container-security-context',
  title: 'Pod or container sets no securityContext',
  severity: Severity.MEDIUM,
  rationale: 'Without a securityContext every setting is the runtime default: the image\'s user (often root), a writable root filesystem, '
    + 'privilege escalation allowed and the default capabilities. Stating it makes the intent reviewable.',
  fix: 'Set securityContext on the pod and on every container (HardenedDeployment and siblings set both).',
  references: {
    'cis': ['5.7.3'],
    'kube-score': ['container-security-context-user-group-id'],
    'checkov': ['CKV_K8S_29', 'CKV_K8S_30'],
    'kubescape': ['C-0211'],
    'trivy': ['KSV-0118'],
  },
  checkPod(pod) {
    return securityContextHolders(pod, containersOf(pod))
      .filter(h => h.securityContext == null || Object.keys(h.securityContext).length === 0)
      .map(h => ({ message: `${h.label} sets ${h.securityContext == null ? 'no' : 'an empty'} securityContext`, path: h.path }));
  },
});
