/**
 * Who must have signed an image (the signer value), shared by the two admission verifiers built on it:
 * KyvernoImageVerification (kyverno-image-verification.ts) and SigstoreImagePolicy (sigstore-image-policy.ts).
 */
import { createPublicKey } from 'crypto';
import { IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** The public Sigstore transparency log. */
const PUBLIC_REKOR = 'https://rekor.sigstore.dev';
/** The public Sigstore certificate authority. */
const PUBLIC_FULCIO = 'https://fulcio.sigstore.dev';

/** Options of a cosign public-key verification. */
export interface CosignKeyOptions {
  /**
   * Rekor transparency log the signature must be recorded in.
   *
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;
  /**
   * Do not require the signature in a transparency log (signatures made with `cosign sign --tlog-upload=false`,
   * e.g. in air-gapped environments). Weaker: a leaked key can sign without leaving a public record.
   *
   * @default false
   */
  readonly ignoreTlog?: boolean;
}

/** Who must have signed an image with Sigstore keyless signing (a Fulcio certificate for an OIDC identity). */
export interface KeylessOptions {
  /** OIDC issuer of the signer's identity, e.g. `https://token.actions.githubusercontent.com` for GitHub Actions. */
  readonly issuer: string;
  /**
   * The exact identity, e.g. `https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main` or an email.
   *
   * @default - none; give this or `subjectRegExp`
   */
  readonly subject?: string;
  /**
   * A regular expression (RE2, anchored by you) the identity must match, e.g. `^https://github\.com/acme/.+@refs/tags/v.*$`.
   *
   * @default - none; give this or `subject`
   */
  readonly subjectRegExp?: string;
  /**
   * Rekor transparency log the signature must be recorded in.
   *
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;
  /**
   * Fulcio certificate authority that issued the signing certificate (used by policy-controller).
   *
   * @default 'https://fulcio.sigstore.dev'
   */
  readonly fulcioUrl?: string;
}

/**
 * Who must have signed an image: a cosign public key, or a keyless (Sigstore OIDC) identity.
 * Checked when a KyvernoImageVerification or SigstoreImagePolicy uses it, so errors name that construct.
 */
export class ImageVerification {
  /** Signed with the private key of this cosign public key (PEM, `-----BEGIN PUBLIC KEY-----`, from `cosign.pub`). */
  public static cosignKey(publicKeyPem: string, options: CosignKeyOptions = {}): ImageVerification {
    return new ImageVerification('key', publicKeyPem, options, undefined);
  }

  /** Signed keylessly by this identity: the issuer and the subject (or a pattern of it) of the Fulcio certificate. */
  public static keyless(options: KeylessOptions): ImageVerification {
    return new ImageVerification('keyless', undefined, options, options);
  }

  private constructor(
    private readonly kind: 'key' | 'keyless',
    private readonly publicKeyPem: string | undefined,
    private readonly options: CosignKeyOptions,
    private readonly identity: KeylessOptions | undefined,
  ) {}

  /**
   * Refuses what the verifier would reject or silently not enforce.
   * @internal
   */
  public _validate(scope: IConstruct, prop: string): void {
    checkHttpsUrl(scope, `${prop}.rekorUrl`, this.options.rekorUrl);
    if (this.kind === 'key') {
      checkPublicKey(scope, prop, this.publicKeyPem ?? '');
      return;
    }
    const id = this.identity!;
    if (!id.issuer) {
      throw propError(scope, `${prop}.issuer`, 'keyless verification has no issuer, so any OIDC provider\'s certificate for the subject would be accepted',
        'give the OIDC issuer, e.g. "https://token.actions.githubusercontent.com" or "https://accounts.google.com"');
    }
    checkHttpsUrl(scope, `${prop}.issuer`, id.issuer);
    checkHttpsUrl(scope, `${prop}.fulcioUrl`, id.fulcioUrl);
    if ((id.subject === undefined) === (id.subjectRegExp === undefined)) {
      throw propError(scope, prop, id.subject === undefined ? 'keyless verification names no subject, so any identity of the issuer could sign' : 'both subject and subjectRegExp are given',
        'give exactly one: subject (the exact identity) or subjectRegExp (an anchored pattern)');
    }
    if (id.subject !== undefined && id.subject.trim() === '') {
      throw propError(scope, `${prop}.subject`, 'the subject is empty', 'give the signer\'s identity, e.g. the workflow URL or email');
    }
    if (id.subjectRegExp !== undefined) {
      try {
        new RegExp(id.subjectRegExp);
      } catch (e) {
        throw propError(scope, `${prop}.subjectRegExp`, `"${id.subjectRegExp}" is not a regular expression (${(e as Error).message})`, 'give an RE2 pattern');
      }
      if (!id.subjectRegExp.startsWith('^') || !id.subjectRegExp.endsWith('$')) {
        throw propError(scope, `${prop}.subjectRegExp`, `"${id.subjectRegExp}" is not anchored, so an identity merely containing a match would be accepted`, 'anchor it with ^ and $');
      }
    }
  }

  /**
   * The Kyverno attestor entry.
   * @internal
   */
  public _kyvernoEntry(): Record<string, unknown> {
    const rekor = this.options.ignoreTlog ? { ignoreTlog: true } : { url: this.options.rekorUrl ?? PUBLIC_REKOR };
    if (this.kind === 'key') return { keys: { publicKeys: this.publicKeyPem!.trim(), rekor } };
    const id = this.identity!;
    return { keyless: { issuer: id.issuer, ...subjectOf(id), rekor } };
  }

  /**
   * The policy-controller authority.
   * @internal
   */
  public _sigstoreAuthority(name: string): Record<string, unknown> {
    const ctlog = this.options.ignoreTlog ? {} : { ctlog: { url: this.options.rekorUrl ?? PUBLIC_REKOR } };
    if (this.kind === 'key') return { name, key: { data: this.publicKeyPem!.trim(), hashAlgorithm: 'sha256' }, ...ctlog };
    const id = this.identity!;
    return { name, keyless: { url: id.fulcioUrl ?? PUBLIC_FULCIO, identities: [{ issuer: id.issuer, ...subjectOf(id) }] }, ...ctlog };
  }
}

/** Refuses an empty signer list and each signer the verifier would reject; errors name `scope`. */
export function checkVerifications(scope: IConstruct, verifications: readonly ImageVerification[]): void {
  if (verifications.length === 0) {
    throw propError(scope, 'verifications', 'no signer is given, so no image could be verified', 'give ImageVerification.cosignKey(pem) or ImageVerification.keyless({ issuer, subject })');
  }
  verifications.forEach((v, i) => v._validate(scope, `verifications[${i}]`));
}

/** Refuses an empty pattern list and patterns that are no image reference with wildcards (both verifiers' syntax). */
export function checkImagePatterns(scope: IConstruct, prop: string, patterns: readonly string[]): void {
  if (patterns.length === 0) {
    throw propError(scope, prop, 'no image pattern is given, so nothing would be verified', 'give patterns such as "ghcr.io/acme/*"');
  }
  patterns.forEach((p, i) => {
    if (!/^[A-Za-z0-9*?[][A-Za-z0-9._\-/:@*?[\]]*$/.test(p) || p.includes('://')) {
      throw propError(scope, `${prop}[${i}]`, `"${p}" is not an image pattern (no scheme or spaces)`, 'write it as an image reference with wildcards, e.g. "ghcr.io/acme/*"');
    }
  });
}

function checkPublicKey(scope: IConstruct, prop: string, pem: string): void {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw propError(scope, prop, 'this is a private key; it must never appear in a manifest', 'pass the public key (cosign.pub); rotate the private key if it was committed');
  }
  if (!/^\s*-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/.test(pem)) {
    throw propError(scope, prop, 'the cosign key is not a PEM public key', 'pass the content of cosign.pub: "-----BEGIN PUBLIC KEY-----", base64 lines, "-----END PUBLIC KEY-----"');
  }
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch (e) {
    throw propError(scope, prop, `the cosign key does not parse (${(e as Error).message})`, 'pass the content of cosign.pub unchanged');
  }
  if (!['ec', 'rsa', 'ed25519'].includes(type ?? '')) {
    throw propError(scope, prop, `the key is of type ${type}, which cosign does not sign with`, 'use an ECDSA (cosign generate-key-pair), RSA or Ed25519 public key');
  }
}

function checkHttpsUrl(scope: IConstruct, prop: string, url: string | undefined): void {
  if (url === undefined) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') {
    throw propError(scope, prop, `"${url}" is not an https URL`, 'give the service\'s https URL, e.g. "https://rekor.sigstore.dev"');
  }
}

function subjectOf(id: KeylessOptions): Record<string, string> {
  return id.subject !== undefined ? { subject: id.subject } : { subjectRegExp: id.subjectRegExp! };
}
