import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AdmissionGuardrails, AdmissionGuardrailsProps } from './admission-policies';
import { AuditPolicy, AuditPolicyProps } from './audit-policy';
import { FalcoRules, FalcoRulesProps } from './falco-rules';
import { KyvernoImageVerification, KyvernoImageVerificationProps } from './kyverno-image-verification';
import { SigstoreImagePolicy, SigstoreImagePolicyProps } from './sigstore-image-policy';
import { propError } from '../core/errors';
import { checkLabels } from '../core/validation';

/** Props of a GuardrailsChart: each guardrail is emitted only when its props are given. */
export interface GuardrailsChartProps {
  /**
   * ValidatingAdmissionPolicies enforcing the hardened pack cluster-wide.
   *
   * @default - none
   */
  readonly admission?: AdmissionGuardrailsProps;
  /**
   * Image signature verification with Kyverno.
   *
   * @default - none
   */
  readonly kyverno?: KyvernoImageVerificationProps;
  /**
   * Image signature verification with Sigstore policy-controller.
   *
   * @default - none
   */
  readonly sigstore?: SigstoreImagePolicyProps;
  /**
   * The API server audit policy, written as a file beside the manifests.
   *
   * @default - none
   */
  readonly audit?: AuditPolicyProps;
  /**
   * Falco rules for the app's hardened workloads.
   *
   * @default - none
   */
  readonly falco?: FalcoRulesProps;
  /**
   * Labels on every object of the chart.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A chart of cluster guardrails for an app: admission policies, image signature verification, the audit policy and
 * runtime detection rules, each opt-in. It has no namespace (most of its objects are cluster-scoped); the Falco
 * ConfigMap goes to Falco's namespace. Apply it before the app's workload charts so the policies admit them.
 */
export class GuardrailsChart extends Chart {
  /** The admission policies, when `admission` is given. */
  public readonly admission?: AdmissionGuardrails;
  /** The Kyverno image verification, when `kyverno` is given. */
  public readonly kyverno?: KyvernoImageVerification;
  /** The Sigstore ClusterImagePolicy, when `sigstore` is given. */
  public readonly sigstore?: SigstoreImagePolicy;
  /** The audit policy, when `audit` is given. */
  public readonly audit?: AuditPolicy;
  /** The Falco rules, when `falco` is given. */
  public readonly falco?: FalcoRules;

  public constructor(scope: Construct, id: string, props: GuardrailsChartProps = {}) {
    super(scope, id, { labels: props.labels });
    if (props.labels) checkLabels(this, 'labels', props.labels);
    if (!props.admission && !props.kyverno && !props.sigstore && !props.audit && !props.falco) {
      throw propError(this, 'props', 'no guardrail is enabled, so the chart would be empty', 'give at least one of admission, kyverno, sigstore, audit or falco');
    }
    if (props.admission) this.admission = new AdmissionGuardrails(this, 'Admission', props.admission);
    if (props.kyverno) this.kyverno = new KyvernoImageVerification(this, 'Kyverno', props.kyverno);
    if (props.sigstore) this.sigstore = new SigstoreImagePolicy(this, 'Sigstore', props.sigstore);
    if (props.audit) this.audit = new AuditPolicy(this, 'Audit', props.audit);
    if (props.falco) this.falco = new FalcoRules(this, 'Falco', props.falco);
  }
}
