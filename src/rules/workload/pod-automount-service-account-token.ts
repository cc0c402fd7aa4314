import { podRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { serviceAccountOf } from './containers';

/** The pod does not mount a service-account token: it opts out, or its ServiceAccount in the audit does. */
export const podAutomountServiceAccountToken = podRule({
  id: 'pod-automount-service-account-token',
  title: 'Pod mounts a service-account token automatically',
  severity: Severity.MEDIUM,
  related: { kinds: ['ServiceAccount'], check: RelatedCheck.CONTEXT },
  waivedBy: ['service-account-token'],
  rationale: 'An automatically mounted token lets anything that runs in the pod call the Kubernetes API as its ServiceAccount; '
    + 'most apps never call the API, so the token is only useful to an attacker.',
  fix: 'Set automountServiceAccountToken: false on the pod (or on its ServiceAccount) and project a token only where the app needs one. '
    + 'HardenedDeployment and siblings do; only Waiver.serviceAccountToken relaxes it.',
  references: {
    cis: ['5.1.6'],
    nsa: ['C-0034'],
    polaris: ['automountServiceAccountToken'],
    checkov: ['CKV_K8S_38'],
    kubescape: ['C-0034', 'C-0190', 'C-0261'],
    trivy: ['KSV-0036'],
  },
  checkPod(pod, object, context) {
    const setting = pod.spec.automountServiceAccountToken;
    if (setting === false) return [];
    const path = `${pod.path}.automountServiceAccountToken`;
    if (setting === true) return [{ message: 'pod sets automountServiceAccountToken=true', path }];
    const name = serviceAccountOf(pod);
    const account = context.index.find('ServiceAccount', object.metadata?.namespace, name);
    if (account?.automountServiceAccountToken === false) return [];
    const why = account ? `its ServiceAccount "${name}" does not set it to false` : `its ServiceAccount "${name}" is not in the audit`;
    return [{ message: `pod leaves automountServiceAccountToken unset and ${why}, so the token is mounted`, path }];
  },
});
