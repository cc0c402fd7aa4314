import { IConstruct } from 'constructs';
import { propError } from './errors';

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

/** An image reference split as the container runtime reads it. */
export interface ImageReference {
  /** Registry host (and port), `docker.io` when the reference names none. */
  readonly registry: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

// The distribution reference grammar (github.com/distribution/reference), anchored.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);
const SHA256 = /^sha256:[0-9a-f]{64}$/;

/** Parses an image reference, refusing anything a runtime would not pull as written. */
export function parseImage(scope: IConstruct, prop: string, image: string): ImageReference {
  const m = REFERENCE.exec(image);
  if (!m && REFERENCE.test(image.toLowerCase())) {
    throw propError(scope, prop, `"${image}" has uppercase letters in its repository path`, 'repository paths are lowercase; write the reference as the registry shows it');
  }
  if (!m) {
    throw propError(scope, prop, `"${image}" is not a valid image reference`, 'use [registry/]repository[:tag][@sha256:<64 hex>] with a lowercase repository, e.g. "registry.example.com/team/api:1.4.2"');
  }
  const [, domain, path, tag, digest] = m;
  // Without '.', ':' or "localhost" the first component is a Docker Hub namespace, not a host.
  const isHost = domain !== undefined && /[.:]|^localhost$|^\[/.test(domain);
  const repository = domain !== undefined && !isHost ? `${domain}/${path}` : path;
  if (digest && !digest.startsWith('sha256:') && !digest.startsWith('sha512:')) {
    throw propError(scope, prop, `"${image}" uses digest algorithm "${digest.split(':')[0]}"`, 'pin with a sha256 digest');
  }
  if (digest?.startsWith('sha256:') && !SHA256.test(digest)) {
    throw propError(scope, prop, `"${image}" has a malformed sha256 digest`, 'a sha256 digest is "sha256:" followed by 64 lowercase hex digits');
  }
  return { registry: isHost ? domain : 'docker.io', repository, tag, digest };
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
