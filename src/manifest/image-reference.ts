/**
 * The one image-reference parser: constructs (core/image.ts) refuse with it, rules (rules/workload/containers.ts) judge
 * with it, so "pinned by digest" means the same at construction and in the engine. Pure: no constructs, no cdk8s.
 */

/** An image reference split as the container runtime reads it. */
export interface ImageReference {
  /** Registry host (and port), `docker.io` when the reference names none. */
  readonly registry: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Why a reference cannot be pulled as written, and how to write it. */
export interface ImageReferenceProblem {
  readonly problem: string;
  readonly fix: string;
}

// The distribution reference grammar (github.com/distribution/reference), anchored. The digest part is taken loosely
// here (any algorithm, any hex) and judged by digestProblem, so a bad digest gets its own message.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([^@]*))?$`);

/**
 * Hex length of each digest algorithm the runtimes verify (github.com/opencontainers/go-digest: sha256, sha384, sha512).
 * go-digest accepts lowercase hex only, so containerd and CRI-O refuse an uppercase digest at pull time.
 *
 * Why not the OCI descriptor grammar (`algorithm ":" encoded`, which also admits unregistered algorithms and other
 * encodings): the kubelet reads `image` with distribution/reference (ParseNormalizedNamed), and that validates the
 * digest with Kubernetes' go-digest, which knows these three algorithms only. Any other digest (blake3, md5, a git SHA
 * as `sha256:`, a `+b64u` encoding) is InvalidImageName at pull time, so it never pins what runs.
 */
export const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** Why `digest` (`algorithm:hex`) is not one a runtime verifies, or undefined when it is. */
export function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = colon >= 0 ? digest.slice(0, colon) : '';
  const hex = colon >= 0 ? digest.slice(colon + 1) : digest;
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    return `digest algorithm "${algorithm || digest}" is not one runtimes verify (${Object.keys(DIGEST_HEX_LENGTH).join(', ')})`;
  }
  if (/[A-F]/.test(hex) && /^[0-9a-fA-F]+$/.test(hex)) return `the ${algorithm} digest has uppercase hex digits, which runtimes refuse`;
  if (!/^[0-9a-f]*$/.test(hex)) return `the ${algorithm} digest has characters other than hex digits`;
  if (hex.length !== length) return `the ${algorithm} digest has ${hex.length} hex digits instead of ${length}`;
  return undefined;
}

/** Parses an image reference, or says why a runtime would not pull it as written. */
export function parseImageReference(image: string): ImageReference | ImageReferenceProblem {
  const example = 'use [registry/]repository[:tag][@sha256:<64 hex>] with a lowercase repository, e.g. "registry.example.com/team/api:1.4.2"';
  if (typeof image !== 'string') return { problem: `${JSON.stringify(image) ?? 'undefined'} is not a string`, fix: example };
  const m = REFERENCE.exec(image);
  if (!m && REFERENCE.test(image.toLowerCase())) {
    return { problem: `"${image}" has uppercase letters in its repository path`, fix: 'repository paths are lowercase; write the reference as the registry shows it' };
  }
  if (!m) return { problem: `"${image}" is not a valid image reference`, fix: example };
  const [, domain, path, tag, digest] = m;
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) {
      return { problem: `"${image}" has a malformed digest: ${problem}`, fix: 'copy the digest as `crane digest` or `docker buildx imagetools inspect` prints it, e.g. "sha256:" and 64 lowercase hex digits' };
    }
  }
  // As the kubelet reads it (distribution/reference splitDockerDomain): the first component is a host when it has a '.'
  // or ':', is "localhost", is an IPv6 literal, or has an uppercase letter (Docker Hub namespaces are lowercase, so
  // `Acme/app` is pulled from the host `Acme`, never from docker.io); otherwise it is a Docker Hub namespace.
  const isHost = domain !== undefined && (/[.:]|^localhost$|^\[/.test(domain) || domain !== domain.toLowerCase());
  const repository = domain !== undefined && !isHost ? `${domain}/${path}` : path;
  return { registry: isHost ? domain : 'docker.io', repository, tag, digest };
}

/** Whether a parse result is a problem rather than a reference. */
export function isImageProblem(result: ImageReference | ImageReferenceProblem): result is ImageReferenceProblem {
  return (result as ImageReferenceProblem).problem !== undefined;
}

