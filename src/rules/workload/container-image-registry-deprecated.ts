import { podRule } from '../define';
import { Severity } from '../rule';
import { imagesOf } from './containers';

/** No image comes from the frozen `k8s.gcr.io` registry. */
export const containerImageRegistryDeprecated = podRule({
  id: 'container-image-registry-deprecated',
  title: 'Container image comes from the deprecated k8s.gcr.io registry',
  severity: Severity.LOW,
  rationale: 'k8s.gcr.io was frozen in April 2023: it receives no new images or security fixes, and pulls from it now go through a redirect '
    + 'that may stop working.',
  fix: 'Pull the same image from registry.k8s.io (same paths and tags), or mirror it into your own registry.',
  references: {
    kubescape: ['C-0253'],
  },
  checkPod(pod) {
    return imagesOf(pod)
      .filter(c => c.image.startsWith('k8s.gcr.io/'))
      .map(c => ({ message: `${c.label} pulls "${c.image}" from the frozen k8s.gcr.io registry; use registry.k8s.io`, path: `${c.path}.image` }));
  },
});
