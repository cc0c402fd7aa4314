import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

/** No container runs Tiller, the Helm v2 server (end of life since 2020). */
export const tillerDeployed = podRule({
  id: 'tiller-deployed',
  title: 'Tiller (Helm v2) is deployed',
  severity: Severity.CRITICAL,
  rationale: 'Tiller runs with cluster-wide rights and, by default, an unauthenticated gRPC port: anyone who reaches it installs what they like. '
    + 'Helm v2 has had no security fixes since 2020.',
  fix: 'Remove Tiller and migrate the releases to Helm v3, which has no server component.',
  references: {
    // Checkov's check: the image name contains "tiller" (substring, as here).
    checkov: ['CKV_K8S_34'],
    trivy: [{ id: 'KSV-0102', relation: ReferenceRelation.NARROWER, why: 'Trivy also flags an object whose metadata names Tiller (name or labels) whatever its image; this rule reads the images only.' }],
  },
  checkPod(pod) {
    return containersOf(pod)
      .filter(c => typeof c.container.image === 'string' && c.container.image.includes('tiller'))
      .map(c => ({ message: `${c.label} runs the Tiller image "${c.container.image}"`, path: `${c.path}.image` }));
  },
});
