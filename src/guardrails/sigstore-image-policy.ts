import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped, GUARDRAIL_LABELS } from './cluster-objects';
import { checkImagePatterns, checkVerifications, ImageVerification } from './image-verification';
import { propError } from '../core/errors';
import { checkDnsSubdomain } from '../core/validation';
import { IsolatedNamespace } from '../namespaces/isolated-namespace';

/** The label policy-controller requires on a namespace before it enforces ClusterImagePolicies there. */
export const SIGSTORE_INCLUDE_LABEL = 'policy.sigstore.dev/include';

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
