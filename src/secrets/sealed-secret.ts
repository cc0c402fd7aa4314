import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { objectNames } from './checks';
import { propError, requireJustification } from '../core/errors';
import { ISecretSource } from '../core/secret-source';
import { checkLabels, checkSecretKey } from '../core/validation';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// RSA-OAEP ciphertext is as long as the controller's key: 2048, 3072 or 4096 bits (kubeseal's default is 4096).
const RSA_CIPHERTEXT_BYTES = new Set([256, 384, 512]);
const GCM_TAG_BYTES = 16;
const SECRET_TYPE = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;

/** Which names a sealed value may be unsealed under: the label bound into the ciphertext at sealing time. */
export enum SealingScopeKind {
  /** Only this name in this namespace. */
  STRICT = 'strict',
  /** Any name in this namespace. */
  NAMESPACE_WIDE = 'namespace-wide',
  /** Any name in any namespace. */
  CLUSTER_WIDE = 'cluster-wide',
}

/**
 * The scope the values were sealed with (`kubeseal --scope`). It must match the ciphertext: the controller unseals only
 * under the name and namespace bound into it.
 */
export class SealingScope {
  /** Sealed for this SealedSecret's name and namespace only (kubeseal's default): a copied ciphertext is useless elsewhere. */
  public static strict(): SealingScope {
    return new SealingScope(SealingScopeKind.STRICT);
  }

  /** Sealed for any name in this namespace (`sealedsecrets.bitnami.com/namespace-wide`). */
  public static namespaceWide(): SealingScope {
    return new SealingScope(SealingScopeKind.NAMESPACE_WIDE);
  }

  /**
   * Sealed for any name in any namespace (`sealedsecrets.bitnami.com/cluster-wide`): whoever can create a SealedSecret in
   * any namespace can unseal a copy there. Needs a justification, recorded on the object.
   */
  public static clusterWide(justification: string): SealingScope {
    const why = requireJustification('SealingScope.clusterWide(…)', 'justification', justification,
      'say why the value must be unsealable in every namespace, or seal it with the default strict scope');
    return new SealingScope(SealingScopeKind.CLUSTER_WIDE, why);
  }

  private constructor(
    /** The scope. */
    public readonly kind: SealingScopeKind,
    /** Why a cluster-wide scope is needed. */
    public readonly justification?: string,
  ) {}
}

/** Props of a SealedSecret. */
export interface SealedSecretProps {
  /**
   * The values as `kubeseal` encrypted them with the cluster's public key (base64 ciphertext), by key. The library
   * never sees the plaintext: seal with `kubeseal --raw --scope <scope> --name <name> --namespace <namespace>`.
   */
  readonly encryptedData: { [key: string]: string };
  /**
   * Name of the SealedSecret and of the Secret it unseals to (part of the ciphertext's binding with a strict scope).
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the SealedSecret and of its Secret (part of the binding unless cluster-wide).
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The scope the values were sealed with.
   *
   * @default SealingScope.strict()
   */
  readonly scope?: SealingScope;
  /**
   * Type of the unsealed Secret, e.g. `kubernetes.io/tls`.
   *
   * @default 'Opaque'
   */
  readonly secretType?: string;
  /**
   * Labels of the unsealed Secret.
   *
   * @default - none
   */
  readonly secretLabels?: { [key: string]: string };
}

/**
 * A Bitnami Sealed Secrets `SealedSecret`: values encrypted before they reach git, unsealed into a Secret only by the
 * controller in the cluster. Each value must look like kubeseal's output (base64 of an RSA-OAEP-wrapped session key
 * followed by AES-GCM ciphertext); plaintext, or plaintext merely base64-encoded, is refused without being echoed.
 */
export class SealedSecret extends Construct implements ISecretSource {
  /** Annotation of a namespace-wide sealing scope. */
  public static readonly NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
  /** Annotation of a cluster-wide sealing scope. */
  public static readonly CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';

  /** Name of the SealedSecret and its Secret. */
  public readonly secretName: string;
  /** Namespace, if known. */
  public readonly secretNamespace?: string;
  /** Keys of the unsealed Secret (always set; optional only as in ISecretSource). */
  public readonly secretKeys?: string[];
  /** The SealedSecret object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SealedSecretProps) {
    super(scope, id);
    const { name, namespace: ns, metadata } = objectNames(this, props);
    this.secretName = name;
    this.secretNamespace = ns;

    const entries = Object.entries(props.encryptedData ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) throw propError(this, 'encryptedData', 'no sealed value is given', 'pass the output of kubeseal --raw for each key');
    for (const [key, value] of entries) {
      checkSecretKey(this, `encryptedData["${key}"]`, key);
      checkCiphertext(this, `encryptedData["${key}"]`, value);
    }
    this.secretKeys = entries.map(([k]) => k);

    const sealing = props.scope ?? SealingScope.strict();
    if (!(sealing instanceof SealingScope)) throw propError(this, 'scope', 'not a SealingScope', 'use SealingScope.strict(), namespaceWide() or clusterWide("<why>")');
    const secretType = props.secretType ?? 'Opaque';
    if (!SECRET_TYPE.test(secretType)) throw propError(this, 'secretType', `${JSON.stringify(secretType)} is not a Secret type`, 'use e.g. "Opaque" or "kubernetes.io/tls"');
    const labels = { ...props.secretLabels };
    checkLabels(this, 'secretLabels', labels);

    const scopeAnnotations: Record<string, string> = sealing.kind === SealingScopeKind.NAMESPACE_WIDE ? { [SealedSecret.NAMESPACE_WIDE_ANNOTATION]: 'true' }
      : sealing.kind === SealingScopeKind.CLUSTER_WIDE ? { [SealedSecret.CLUSTER_WIDE_ANNOTATION]: 'true' } : {};
    // kubeseal writes the scope on both the SealedSecret (read by the controller) and the Secret template.
    const annotations = {
      ...scopeAnnotations,
      ...(sealing.justification ? { [`${WAIVER_ANNOTATION_PREFIX}sealed-secret-cluster-wide`]: sealing.justification } : {}),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
      spec: {
        encryptedData: Object.fromEntries(entries),
        template: {
          metadata: {
            ...metadata,
            ...(Object.keys(scopeAnnotations).length ? { annotations: scopeAnnotations } : {}),
            ...(Object.keys(labels).length ? { labels } : {}),
          },
          type: secretType,
        },
      },
    });
  }
}

/**
 * Whether `value` has the shape of kubeseal's output: standard base64 of a 2-byte big-endian length, an RSA-OAEP
 * ciphertext of that length, then AES-GCM ciphertext and its 16-byte tag. Plaintext, and plaintext that was only
 * base64-encoded, fail this; the value is never repeated in the error.
 */
function checkCiphertext(scope: IConstruct, prop: string, value: string): void {
  const fix = 'seal the value with kubeseal --raw (or kubeseal -o yaml and copy spec.encryptedData) and pass its output; never the value itself';
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw propError(scope, prop, 'this is not base64 ciphertext: it looks like plaintext (the value is not repeated here)', fix);
  }
  const bytes = Buffer.from(value, 'base64');
  const rsaLength = bytes.length >= 2 ? bytes.readUInt16BE(0) : 0;
  if (!RSA_CIPHERTEXT_BYTES.has(rsaLength) || bytes.length < 2 + rsaLength + GCM_TAG_BYTES) {
    throw propError(scope, prop, 'this is base64 but not sealed: it lacks the RSA-wrapped session key and AES-GCM ciphertext kubeseal produces (plaintext merely encoded?)', fix);
  }
}
