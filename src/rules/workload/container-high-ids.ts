import { containersOf } from '../../manifest/pod-spec';
import { MIN_ID } from '../../manifest/user-ids';
import { podRule } from '../define';
import { isWindowsPod } from '../pss/pss-rule';
import { Severity } from '../rule';
import { effectiveSetting } from './containers';

/** Every container runs with a UID and GID of at least MIN_ID (10000), set on the container or inherited from the pod. */
export const containerHighIds = podRule({
  id: 'container-high-ids',
  title: `Container runs with a UID or GID below ${MIN_ID}, or an unset one`,
  severity: Severity.LOW,
  waivedBy: ['run-as-root', 'low-ids'],
  rationale: 'Without user namespaces, a container\'s UID is the node\'s UID: a low ID can match a real user or group of the node and own its files '
    + 'if the container escapes. Unset, the ID is whatever the image declares, which the manifest cannot show.',
  fix: `Set securityContext.runAsUser and runAsGroup to ${MIN_ID} or more on the pod or each container (HardenedDeployment and siblings use 10001; `
    + 'only Waiver.lowIds relaxes it).',
  references: {
    'kube-score': ['container-security-context-user-group-id'],
    'checkov': ['CKV_K8S_40'],
    'trivy': ['KSV-0020', 'KSV-0021'],
  },
  checkPod(pod) {
    if (isWindowsPod(pod.spec)) return [];
    return containersOf(pod).flatMap(c => (['runAsUser', 'runAsGroup'] as const).flatMap(field => {
      const setting = effectiveSetting(pod, c, field);
      if (typeof setting.value === 'number' && setting.value >= MIN_ID) return [];
      const message = setting.from === 'unset'
        ? `${c.label} has no ${field} (neither the container nor the pod sets one), so it runs with the image's ${field === 'runAsUser' ? 'user' : 'group'}`
        : `${c.label} runs with ${field}=${String(setting.value)}${setting.from === 'pod' ? ' (from the pod\'s securityContext)' : ''}, below ${MIN_ID}`;
      return [{ message, path: setting.path }];
    }));
  },
});
