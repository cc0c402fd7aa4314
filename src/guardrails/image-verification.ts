import { createPublicKey } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { clusterScoped, GUARDRAIL_LABELS, namespaceNames } from './cluster-objects';
import { propError } from '../core/errors';
import { checkDnsSubdomain } from '../core/validation';
import { IsolatedNamespace } from '../namespaces/isolated-namespace';

/** The public Sigstore transparency log. */
const PUBLIC_REKOR = 'https://rekor.sigstore.dev';
/** The public Sigstore certificate authority. */
const PUBLIC_FULCIO = 'https://fulcio.sigstore.dev';
/** The label policy-controller requires on a namespace before it enforces ClusterImagePolicies there. */
export const SIGSTORE_INCLUDE_LABEL = 'policy.sigstore.dev/include';

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

/** What a failed Kyverno image verification does. */
export enum ImageVerificationAction {
  /** Reject the pod. */
  ENFORCE = 'Enforce',
  /** Admit it and record a policy report entry. */
  AUDIT = 'Audit',
}

/** Props of KyvernoImageVerification. */
export interface KyvernoImageVerificationProps {
  /** Accepted signers; with `requireAll` false (the default) any one of them suffices. */
  readonly verifications: ImageVerification[];
  /** Images to verify, as Kyverno patterns (`*` and `?` wildcards), e.g. `ghcr.io/acme/*`. */
  readonly imageReferences: string[];
  /**
   * What a failed verification does.
   *
   * @default ImageVerificationAction.ENFORCE
   */
  readonly failureAction?: ImageVerificationAction;
  /**
   * Replace tags with the verified digests in admitted pods, so what runs is exactly what was verified
   * (needs ENFORCE: Kyverno does not mutate in Audit mode).
   *
   * @default true
   */
  readonly mutateDigest?: boolean;
  /**
   * Require images to carry a digest once mutated (refuses what Kyverno could not pin).
   *
   * @default true
   */
  readonly verifyDigest?: boolean;
  /**
   * Require every matching image to be verified (false only annotates verified ones).
   *
   * @default true
   */
  readonly required?: boolean;
  /**
   * Require every verification to pass, not just one.
   *
   * @default false
   */
  readonly requireAll?: boolean;
  /**
   * Name of the ClusterPolicy.
   *
   * @default 'verify-image-signatures'
   */
  readonly name?: string;
  /**
   * Namespaces left alone.
   *
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: string[];
  /**
   * Verify only in these IsolatedNamespaces.
   *
   * @default - every namespace but the exempt ones
   */
  readonly namespaces?: IsolatedNamespace[];
  /**
   * Admission webhook timeout in seconds (1–30): verification fetches signatures from the registry and Rekor.
   *
   * @default 30
   */
  readonly timeoutSeconds?: number;
}

/**
 * A Kyverno ClusterPolicy (`kyverno.io/v1`, Kyverno 1.13+) verifying image signatures at admission, with cosign
 * public keys or keyless identities, and by default pinning the verified digests into the pod (`mutateDigest`).
 * Kyverno applies a Pod rule to the pod templates of Deployments, StatefulSets, Jobs and the other controllers itself.
 */
export class KyvernoImageVerification extends Construct {
  /** The ClusterPolicy. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: KyvernoImageVerificationProps) {
    super(scope, id);
    const name = props.name ?? 'verify-image-signatures';
    checkDnsSubdomain(this, 'name', name);
    checkVerifications(this, props.verifications);
    checkImagePatterns(this, 'imageReferences', props.imageReferences);
    const action = props.failureAction ?? ImageVerificationAction.ENFORCE;
    if (!Object.values(ImageVerificationAction).includes(action)) {
      throw propError(this, 'failureAction', `"${action}" is not a failure action`, 'use ImageVerificationAction.ENFORCE or AUDIT');
    }
    const mutateDigest = props.mutateDigest ?? true;
    if (mutateDigest && action === ImageVerificationAction.AUDIT) {
      throw propError(this, 'mutateDigest', 'Kyverno refuses mutateDigest with the Audit failure action (an audited pod is not mutated)',
        'set mutateDigest: false while auditing, or use ImageVerificationAction.ENFORCE');
    }
    const timeout = props.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 30) {
      throw propError(this, 'timeoutSeconds', `${timeout} is not allowed`, 'use an integer from 1 to 30 (the admission webhook maximum)');
    }
    const exempt = namespaceNames(this, 'exemptNamespaces', props.exemptNamespaces ?? ['kube-system']);
    const bound = props.namespaces?.map(ns => ns.name);
    if (bound && bound.length === 0) {
      throw propError(this, 'namespaces', 'the list is empty, so nothing would be verified', 'give at least one IsolatedNamespace, or leave it unset to verify in every namespace');
    }

    this.apiObject = clusterScoped(this, new ApiObject(this, 'Resource', {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name,
        labels: GUARDRAIL_LABELS,
        annotations: {
          'policies.kyverno.io/title': 'Verify image signatures',
          'policies.kyverno.io/category': 'Software Supply Chain Security',
          'policies.kyverno.io/subject': 'Pod',
        },
      },
      spec: {
        // Verification reaches the registry and Rekor; it belongs at admission, not in periodic background scans.
        background: false,
        webhookConfiguration: { failurePolicy: 'Fail', timeoutSeconds: timeout },
        rules: [{
          name: 'verify-signatures',
          match: { any: [{ resources: { kinds: ['Pod'], ...(bound ? { namespaces: bound } : {}) } }] },
          ...(exempt.length ? { exclude: { any: [{ resources: { namespaces: exempt } }] } } : {}),
          verifyImages: [{
            type: 'Cosign',
            imageReferences: props.imageReferences,
            failureAction: action,
            mutateDigest,
            verifyDigest: props.verifyDigest ?? true,
            required: props.required ?? true,
            attestors: [{
              ...(props.requireAll ? {} : { count: 1 }),
              entries: props.verifications.map(v => v._kyvernoEntry()),
            }],
          }],
        }],
      },
    }));
  }
}

/** What policy-controller does when no authority verifies an image. */
export enum SigstorePolicyMode {
  /** Reject the pod. */
  ENFORCE = 'enforce',
  /** Admit it with a warning. */
  WARN = 'warn',
}

/** Props of SigstoreImagePolicy. */
export interface SigstoreImagePolicyProps {
  /** Accepted signers: an image passes when any of them verifies it. */
  readonly verifications: ImageVerification[];
  /** Images the policy applies to, as policy-controller globs, e.g. `ghcr.io/acme/**`. */
  readonly imageGlobs: string[];
  /**
   * What a failed verification does.
   *
   * @default SigstorePolicyMode.ENFORCE
   */
  readonly mode?: SigstorePolicyMode;
  /**
   * Name of the ClusterImagePolicy.
   *
   * @default 'verify-image-signatures'
   */
  readonly name?: string;
  /**
   * IsolatedNamespaces to enforce in: each gets the `policy.sigstore.dev/include: "true"` label policy-controller
   * requires. Label other namespaces yourself.
   *
   * @default - none labelled
   */
  readonly namespaces?: IsolatedNamespace[];
}

/**
 * A Sigstore policy-controller ClusterImagePolicy (`policy.sigstore.dev/v1beta1`): the alternative to Kyverno.
 * policy-controller enforces only in namespaces labelled `policy.sigstore.dev/include: "true"`, and resolves tags to
 * digests itself, so the verified image is the one that runs.
 */
export class SigstoreImagePolicy extends Construct {
  /** The ClusterImagePolicy. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SigstoreImagePolicyProps) {
    super(scope, id);
    const name = props.name ?? 'verify-image-signatures';
    checkDnsSubdomain(this, 'name', name);
    checkVerifications(this, props.verifications);
    checkImagePatterns(this, 'imageGlobs', props.imageGlobs);
    const mode = props.mode ?? SigstorePolicyMode.ENFORCE;
    if (!Object.values(SigstorePolicyMode).includes(mode)) {
      throw propError(this, 'mode', `"${mode}" is not a policy mode`, 'use SigstorePolicyMode.ENFORCE or WARN');
    }
    for (const ns of props.namespaces ?? []) ns.apiObject.metadata.addLabel(SIGSTORE_INCLUDE_LABEL, 'true');
    this.apiObject = clusterScoped(this, new ApiObject(this, 'Resource', {
      apiVersion: 'policy.sigstore.dev/v1beta1',
      kind: 'ClusterImagePolicy',
      metadata: { name, labels: GUARDRAIL_LABELS },
      spec: {
        images: props.imageGlobs.map(glob => ({ glob })),
        authorities: props.verifications.map((v, i) => v._sigstoreAuthority(`signer-${i + 1}`)),
        mode,
      },
    }));
  }
}

function checkVerifications(scope: IConstruct, verifications: readonly ImageVerification[]): void {
  if (verifications.length === 0) {
    throw propError(scope, 'verifications', 'no signer is given, so no image could be verified', 'give ImageVerification.cosignKey(pem) or ImageVerification.keyless({ issuer, subject })');
  }
  verifications.forEach((v, i) => v._validate(scope, `verifications[${i}]`));
}

function checkImagePatterns(scope: IConstruct, prop: string, patterns: readonly string[]): void {
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
