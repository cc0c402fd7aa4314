/**
 * The rule model: a rule is metadata plus one small pure function over a plain manifest object,
 * so it reads the same whether the object came from a construct, a YAML file or a Helm chart.
 */
import type { Manifest } from '../manifest/manifest';
import { ObjectIndex } from './object-index';

export type { Manifest };

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

/** What a rule is, independent of how it checks. */
export interface RuleMetadata {
  /** Stable id, kebab-case, e.g. `pss-privileged`. Never reused for another meaning. */
  readonly id: string;
  /** One line: what is wrong when the rule fires. */
  readonly title: string;
  /** Default severity. */
  readonly severity: Severity;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix it. */
  readonly fix: string;
  /** Object kinds the rule looks at (`*` for any). */
  readonly kinds: string[];
  /** Cross-references to established frameworks. */
  readonly references: RuleReference[];
  /**
   * Whether an annotation on the object (a waiver or `suppress.cdk8s-hardening.dev/<id>`) may exempt a finding of
   * this rule. False for findings no one may accept inline (a plaintext Secret): only an exemptions file can.
   *
   * @default true
   */
  readonly inlineExemptions?: boolean;
}

/** One thing wrong in one object, as found by one rule. */
export interface Violation {
  /** What is wrong, naming the container or field. */
  readonly message: string;
  /** Dotted path to the offending field inside the object, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
}

/** Cross-references by framework, in the order reports list them. */
export interface References {
  readonly 'pss'?: string[];
  readonly 'cis'?: string[];
  readonly 'nsa'?: string[];
  readonly 'polaris'?: string[];
  readonly 'kube-score'?: string[];
  readonly 'kube-linter'?: string[];
  readonly 'checkov'?: string[];
  readonly 'kubescape'?: string[];
  readonly 'trivy'?: string[];
}

/** Flattens references by framework into `{framework, id}` pairs. */
export function toReferences(references: References): RuleReference[] {
  return Object.entries(references).flatMap(([framework, ids]: [string, string[]]) => ids.map((id): RuleReference => ({ framework, id })));
}

/** How an audit evaluates: the PSS version for the PSS rules. */
export interface EvaluateOptions {
  /** Pod Security Standards version the rule evaluates, as a minor number of Kubernetes 1.x (e.g. 37 for v1.37). */
  readonly pssMinor: number;
}

/** What a rule is told besides the object. */
export interface RuleContext extends EvaluateOptions {
  /** Every object of the audit, for cross-object rules. */
  readonly index: ObjectIndex;
}

/** A rule: metadata plus its check. Internal: the public surface exposes metadata and findings only. */
export interface Rule extends RuleMetadata {
  check(object: Manifest, context: RuleContext): Violation[];
}

/** A violation attributed to its rule and object. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly object: {
    readonly apiVersion?: string;
    readonly kind?: string;
    readonly namespace?: string;
    readonly name?: string;
  };
}

/** Runs every rule over every object whose kind it applies to. */
export function evaluate(objects: readonly Manifest[], rules: readonly Rule[], options: EvaluateOptions): Finding[] {
  const context: RuleContext = { ...options, index: new ObjectIndex(objects) };
  const findings: Finding[] = [];
  for (const object of objects) {
    for (const rule of rules) {
      if (!rule.kinds.includes('*') && !rule.kinds.includes(object.kind ?? '')) continue;
      for (const v of rule.check(object, context)) {
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          message: v.message,
          path: v.path,
          object: {
            apiVersion: object.apiVersion,
            kind: object.kind,
            namespace: object.metadata?.namespace,
            name: object.metadata?.name,
          },
        });
      }
    }
  }
  return findings;
}
