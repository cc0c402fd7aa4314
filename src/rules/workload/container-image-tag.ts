import { podRule } from '../define';
import { Severity } from '../rule';
import { imagesOf, parseImageRef } from './containers';

/** Every image names a version tag other than `latest`, or is pinned by digest. */
export const containerImageTag = podRule({
  id: 'container-image-tag',
  title: 'Container image has no tag or uses "latest"',
  severity: Severity.MEDIUM,
  rationale: 'Without a tag the runtime pulls "latest", which moves: two nodes can run different code under the same manifest, '
    + 'a rollback does not roll back, and a pushed image reaches production without review.',
  fix: 'Name a version tag, or better pin the image by digest (repo@sha256:…). HardenedDeployment and siblings refuse tag-less and "latest" images; '
    + 'their imagePolicy.requireDigest requires digests.',
  references: {
    'polaris': ['tagNotSpecified'],
    'kube-score': ['container-image-tag'],
    'kube-linter': ['latest-tag'],
    'checkov': ['CKV_K8S_14'],
    'kubescape': ['C-0075'],
    'trivy': ['KSV-0013'],
  },
  checkPod(pod) {
    return imagesOf(pod).flatMap(c => {
      const { tag, digest, problem } = parseImageRef(c.image);
      if (digest !== undefined) return [];
      // A reference the runtime cannot pull as written has no trustworthy tag either.
      if (problem) return [{ message: `${c.label} uses image "${c.image}", which is not a valid reference: ${problem}`, path: `${c.path}.image` }];
      if (tag !== undefined && tag !== 'latest') return [];
      return [{
        message: `${c.label} uses image "${c.image}" ${tag === undefined ? 'without a tag, which means "latest"' : 'with the "latest" tag'}`,
        path: `${c.path}.image`,
      }];
    });
  },
});
