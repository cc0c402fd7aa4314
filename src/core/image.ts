import { IConstruct } from 'constructs';
import { propError } from './errors';
import { ImageReference, isImageProblem, parseImageReference } from './image-reference';

export type { ImageReference } from './image-reference';

/** Which images a workload may run. */
export interface ImagePolicy {
  /**
   * Refuse images not pinned by digest (`repo@sha256:…`): a tag can be moved to other content, a digest cannot.
   *
   * @default false - a version tag is accepted; `latest` and tag-less references are always refused
   */
  readonly requireDigest?: boolean;
  /**
   * Registries (optionally with a path prefix, e.g. `ghcr.io/acme`) images may come from.
   * Images without a registry host come from `docker.io`.
   *
   * @default - any registry
   */
  readonly allowedRegistries?: string[];
}

/** Parses an image reference, refusing anything a runtime would not pull as written (one parser: image-reference.ts). */
export function parseImage(scope: IConstruct, prop: string, image: string): ImageReference {
  const ref = parseImageReference(image);
  if (isImageProblem(ref)) throw propError(scope, prop, ref.problem, ref.fix);
  return ref;
}

/** Enforces the image policy: a reference must never float, and may be required to be a digest or to come from allowed registries. */
export function checkImagePolicy(scope: IConstruct, prop: string, image: string, policy: ImagePolicy): ImageReference {
  const ref = parseImage(scope, prop, image);
  const pinHint = `pin a digest ("${ref.registry === 'docker.io' ? '' : ref.registry + '/'}${ref.repository}@sha256:<digest>", from \`crane digest\` or \`docker buildx imagetools inspect\`)`;
  if (!ref.tag && !ref.digest) {
    throw propError(scope, prop, `"${image}" has neither tag nor digest, so it pulls whatever "latest" is at the time`, `${pinHint} or name a version tag`);
  }
  if (ref.tag === 'latest' && !ref.digest) {
    throw propError(scope, prop, `"${image}" uses the "latest" tag, which changes under you`, `${pinHint} or name a version tag`);
  }
  if (policy.requireDigest && !ref.digest) {
    throw propError(scope, prop, `"${image}" is not pinned by digest and the image policy requires digests`, pinHint);
  }
  if (policy.allowedRegistries && policy.allowedRegistries.length > 0) {
    const full = `${ref.registry}/${ref.repository}`;
    const allowed = policy.allowedRegistries.some(r => full === r || full.startsWith(r.endsWith('/') ? r : `${r}/`));
    if (!allowed) {
      throw propError(scope, prop, `"${image}" comes from ${ref.registry}, which is not in the allowed registries (${policy.allowedRegistries.join(', ')})`,
        'mirror the image into an allowed registry, or add its registry to imagePolicy.allowedRegistries');
    }
  }
  return ref;
}
