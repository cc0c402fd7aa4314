import { IConstruct } from 'constructs';
import { propError, requireJustification } from './errors';
import { ImageReference, isImageProblem, parseImageReference } from '../manifest/image-reference';
import { definedOnly } from '../manifest/objects';

export type { ImageReference } from '../manifest/image-reference';

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
  /**
   * Why this policy admits images that the policy it overrides (the `HardeningDefaults` of an enclosing scope)
   * refuses: a registry or path outside the inherited `allowedRegistries`, an empty list (any registry) under a
   * list, or `requireDigest: false` under `true`. Required exactly then; a policy that only narrows needs none.
   * Recorded on every workload the wider policy applies to, as the annotation `waiver.cdk8s-hardening.dev/image-policy`.
   *
   * @default - none: the policy may only narrow the one it overrides
   */
  readonly justification?: string;
}

/** Annotation kind recording a justified widening of an inherited image policy. */
export const IMAGE_POLICY_WAIVER_KIND = 'image-policy';

/** An image policy in force, and the justified widenings of inherited policies it went through (one line each). */
export interface MergedImagePolicy {
  readonly policy: ImagePolicy;
  readonly widenings: string[];
}

/** The allow-list entry without a trailing slash; entries are registry hosts with an optional path prefix. */
function entryOf(registry: string): string {
  return registry.replace(/\/+$/, '');
}

/**
 * Whether every image `entry` admits is also admitted by `allowed` (an entry of an inherited allow-list):
 * the same registry/path, or a path below it (`ghcr.io/acme/team` under `ghcr.io/acme`), never a sibling
 * that merely shares characters (`ghcr.io/acme-evil` is not under `ghcr.io/acme`).
 */
export function registryWithin(entry: string, allowed: string): boolean {
  const e = entryOf(entry);
  const a = entryOf(allowed);
  return a !== '' && (e === a || e.startsWith(`${a}/`));
}

/**
 * Applies `override` over the inherited policy, field by field. Narrowing is free (a subset of the registries,
 * `requireDigest: true`); widening is refused unless `override.justification` says why, and a justification that
 * widens nothing is refused too, so the recorded annotation never overstates what was relaxed.
 * `prop` names the override in errors, e.g. `props.imagePolicy`.
 */
export function mergeImagePolicy(
  scope: IConstruct, prop: string, inherited: MergedImagePolicy, override: ImagePolicy | undefined,
): MergedImagePolicy {
  if (override === undefined) return inherited;
  const parent = inherited.policy;
  const widened: string[] = [];
  const parentList = parent.allowedRegistries ?? [];
  if (override.allowedRegistries !== undefined) {
    override.allowedRegistries.forEach((r, i) => {
      if (typeof r !== 'string' || entryOf(r).trim() === '' || /[\s@]/.test(r)) {
        throw propError(scope, `${prop}.allowedRegistries[${i}]`, `${JSON.stringify(r)} is not a registry host with an optional path`,
          'give a registry host and optional path prefix, e.g. "registry.example.com" or "ghcr.io/acme"');
      }
    });
    if (parentList.length > 0) {
      if (override.allowedRegistries.length === 0) {
        widened.push(`any registry instead of ${parentList.join(', ')}`);
      } else {
        const outside = override.allowedRegistries.filter(r => !parentList.some(a => registryWithin(r, a)));
        if (outside.length) widened.push(`registries ${outside.join(', ')} beyond ${parentList.join(', ')}`);
      }
    }
  }
  if (parent.requireDigest === true && override.requireDigest === false) widened.push('tags without a digest');
  const where = override.allowedRegistries !== undefined && widened.some(w => !w.startsWith('tags')) ? `${prop}.allowedRegistries` : `${prop}.requireDigest`;
  if (widened.length && override.justification === undefined) {
    throw propError(scope, where, `this admits images the inherited image policy refuses (${widened.join('; ')})`,
      'narrow the policy (a subset of the inherited registries or paths below them; requireDigest true), or give imagePolicy.justification saying why these images are acceptable');
  }
  if (!widened.length && override.justification !== undefined) {
    throw propError(scope, `${prop}.justification`, 'the policy admits nothing the inherited one refuses, so there is nothing to justify', 'remove the justification');
  }
  const why = widened.length ? requireJustification(scope, `${prop}.justification`, override.justification, 'say why these images are acceptable here, so reviewers can judge it') : undefined;
  const { justification: _omitted, ...fields } = override;
  return {
    policy: { ...parent, ...definedOnly(fields) },
    widenings: why !== undefined ? [...inherited.widenings, `${widened.join('; ')}: ${why}`] : inherited.widenings,
  };
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
    const allowed = policy.allowedRegistries.some(r => registryWithin(full, r));
    if (!allowed) {
      throw propError(scope, prop, `"${image}" comes from ${ref.registry}, which is not in the allowed registries (${policy.allowedRegistries.join(', ')})`,
        'mirror the image into an allowed registry, or add its registry to imagePolicy.allowedRegistries');
    }
  }
  return ref;
}
