import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';
import { imagesOf, isDigestPinned, parseImageRef } from './containers';

/** What the API server writes when imagePullPolicy is unset: Always when the reference means "latest" (no tag and no digest, or that tag), else IfNotPresent. */
function defaultPullPolicy(image: string): string {
  const { tag, digest } = parseImageRef(image);
  return tag === 'latest' || (tag === undefined && digest === undefined) ? 'Always' : 'IfNotPresent';
}

/** Every container pulls with `Always`, or with `IfNotPresent` when its image is pinned by digest. */
export const containerImagePullPolicy = podRule({
  id: 'container-image-pull-policy',
  title: 'Container may run a cached image without checking the registry',
  severity: Severity.LOW,
  rationale: 'With IfNotPresent or Never, a node runs whatever image it cached under that tag: a moved tag runs stale code, and a pod without '
    + 'pull credentials can use a private image another pod pulled. This rule is stricter in spirit than "Always only": it also accepts '
    + 'IfNotPresent for digest-pinned images, because a digest cannot change, so the cached image is the one named.',
  fix: 'Set imagePullPolicy: Always, or pin the image by digest and keep IfNotPresent (HardenedDeployment and siblings default to Always '
    + 'and accept IfNotPresent only for digest-pinned images).',
  references: {
    'polaris': [{ id: 'pullPolicyNotAlways', relation: ReferenceRelation.NARROWER, why: 'Polaris fails any container that does not say Always; this rule judges the effective policy, so an unset policy on an untagged or latest image (which the API server defaults to Always) passes, and IfNotPresent passes for a digest-pinned image.' }],
    'kube-score': ['container-image-pull-policy'],
    'checkov': ['CKV_K8S_15'],
    'kubescape': ['C-0075'],
  },
  checkPod(pod) {
    return imagesOf(pod).flatMap(c => {
      const declared = c.container.imagePullPolicy;
      const policy = typeof declared === 'string' ? declared : defaultPullPolicy(c.image);
      if (policy === 'Always' || (policy === 'IfNotPresent' && isDigestPinned(c.image))) return [];
      const how = typeof declared === 'string' ? `sets imagePullPolicy=${declared}` : `leaves imagePullPolicy unset, which defaults to ${policy}`;
      return [{ message: `${c.label} ${how} for image "${c.image}", which is not pinned by digest`, path: `${c.path}.imagePullPolicy` }];
    });
  },
});
