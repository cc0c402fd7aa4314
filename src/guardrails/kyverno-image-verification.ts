import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped, GUARDRAIL_LABELS, namespaceNames } from './cluster-objects';
import { checkImagePatterns, checkVerifications, ImageVerification } from './image-verification';
import { propError } from '../core/errors';
import { checkDnsSubdomain } from '../core/validation';
import { IsolatedNamespace } from '../namespaces/isolated-namespace';

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
