/**
 * What every finding is graded and cross-referenced by, whoever finds it: the rule engine, the RBAC detector that
 * `LeastPrivilegeServiceAccount` refuses grants with, and the AWS checks. One definition, at the bottom layer, so
 * no layer re-declares it under another name.
 */

/** How bad a finding is. */
export enum Severity {
  /** Hygiene; fix when convenient. */
  LOW = 'low',
  /** Weakens defence in depth. */
  MEDIUM = 'medium',
  /** Directly exploitable or a common step of an attack. */
  HIGH = 'high',
  /** Host or cluster compromise. */
  CRITICAL = 'critical',
}

/** A cross-reference to a control of an established framework or checker. */
export interface RuleReference {
  /**
   * The framework: `pss`, `cis`, `nsa`, `polaris`, `kube-score`, `kube-linter`, `checkov`, `kubescape`, `trivy`,
   * `rbac-police`, or `k8s` (a section of the Kubernetes documentation, where no checker has the control).
   */
  readonly framework: string;
  /** The control's id in that framework, e.g. `CKV_K8S_16` or `KSV-0017`. */
  readonly id: string;
}
