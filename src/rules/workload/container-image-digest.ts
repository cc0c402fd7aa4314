import { podRule } from '../define';
import { Severity } from '../rule';
import { imagesOf, parseImageRef } from './containers';

/** Every image is pinned by a content digest. */
export const containerImageDigest = podRule({
  id: 'container-image-digest',
  title: 'Container image is not pinned by digest',
  severity: Severity.LOW,
  rationale: 'A tag is a mutable pointer: whoever can push to the repository can change what a tag runs. A digest names the exact content, '
    + 'so what was reviewed and scanned is what runs.',
  fix: 'Reference the image as repo@sha256:<digest> (from `crane digest` or `docker buildx imagetools inspect`); '
    + 'imagePolicy.requireDigest of HardenedDeployment and siblings enforces it.',
  references: {
    checkov: ['CKV_K8S_43'],
    kubescape: ['C-0306'],
  },
  checkPod(pod) {
    return imagesOf(pod).flatMap(c => {
      const ref = parseImageRef(c.image);
      if (ref.digest !== undefined) return [];
      // A malformed digest pins nothing: the runtime refuses it, or (where one is lax) it names no verified content.
      const why = ref.problem ? `, which is not pinned by a valid digest: ${ref.problem}` : ', which is not pinned by digest';
      return [{ message: `${c.label} uses image "${c.image}"${why}`, path: `${c.path}.image` }];
    });
  },
});
