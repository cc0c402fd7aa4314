import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditReport } from './audit-report';
import { propError } from '../core/errors';
import { MIN_JUSTIFICATION } from '../core/waiver';
import type { AuditInput, EngineResult } from '../rules/engine';
import { loadEngine } from '../rules/load-engine';
import { Severity } from '../rules/rule';
import { SUPPRESSION_ANNOTATION_PREFIX } from '../rules/suppressions';

/** A suppression given to the audit rather than written on an object. */
export interface Suppression {
  /** Rule to suppress. */
  readonly ruleId: string;
  /** Why; at least 10 characters. */
  readonly reason: string;
  /**
   * Only objects of this kind.
   *
   * @default - any kind
   */
  readonly kind?: string;
  /**
   * Only objects in this namespace.
   *
   * @default - any namespace
   */
  readonly namespace?: string;
  /**
   * Only objects with this name.
   *
   * @default - any name
   */
  readonly name?: string;
}

/** How to audit. */
export interface AuditOptions {
  /**
   * Rule packs: `hardened`, `pss-restricted`, `pss-restricted@v1.30`, `pss-baseline[@v1.N]`, `cis`, `nsa`, `all`.
   *
   * @default ['hardened']
   */
  readonly packs?: string[];
  /**
   * Lowest severity that fails `enforce`.
   *
   * @default Severity.LOW
   */
  readonly failOn?: Severity;
  /**
   * Suppressions besides the ones annotated on objects.
   *
   * @default - none
   */
  readonly suppressions?: Suppression[];
}

/**
 * Audits everything a cdk8s App or Chart emits (hardened constructs, cdk8s-plus, plain ApiObjects,
 * imported YAML) against rule packs, in-process: in a jest test, or as a synth-time gate.
 */
export class HardeningAudit {
  /** Audits every ApiObject under `scope` and returns the findings. */
  public static of(scope: IConstruct, options: AuditOptions = {}): AuditReport {
    return toReport(auditScope(scope, options));
  }

  /** Fails synthesis of the app when the audit of `scope` has unsuppressed findings at or above `failOn`. */
  public static enforce(scope: IConstruct, options: AuditOptions = {}): void {
    const failOn = options.failOn ?? Severity.LOW;
    scope.node.addValidation({
      validate: () => {
        const result = auditScope(scope, options);
        const failing = result.findings.filter(f => !f.suppressed && loadEngine().atLeast(f.severity, failOn));
        return failing.map(f => `[${f.constructPath ?? scope.node.path}] ${f.ruleId} (${f.severity}) ${f.object.kind} ${f.object.name}: ${f.message}. `
          + `Fix: ${loadEngine().findRule(f.ruleId)?.fix} Or suppress it with HardeningAudit.suppress(construct, '${f.ruleId}', '<reason>').`);
      },
    });
  }

  /**
   * Suppresses a rule for the objects under `scope` it applies to, with a reason written into
   * their `suppress.cdk8s-hardening.dev/<rule-id>` annotation so reviewers see it in the YAML.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    const rule = loadEngine().findRule(ruleId);
    if (!rule) throw propError(scope, 'ruleId', `no rule has the id "${ruleId}"`, 'use an id from `cdk8s-hardening rules`');
    if (reason.trim().length < MIN_JUSTIFICATION) {
      throw propError(scope, 'reason', `"${reason}" is too short to tell a reviewer why`, `give a reason of at least ${MIN_JUSTIFICATION} characters`);
    }
    const targets = apiObjectsUnder(scope).filter(o => rule.kinds.includes('*') || rule.kinds.includes(o.kind));
    if (targets.length === 0) {
      throw propError(scope, 'ruleId', `rule "${ruleId}" applies to ${rule.kinds.join(', ')}, and this construct emits none of them`, 'suppress it on the construct that emits such objects');
    }
    targets.forEach(o => o.metadata.addAnnotation(SUPPRESSION_ANNOTATION_PREFIX + ruleId, reason));
  }

  private constructor() {}
}

function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function auditScope(scope: IConstruct, options: AuditOptions): EngineResult {
  const inputs: AuditInput[] = apiObjectsUnder(scope).map(o => ({ object: o.toJson(), constructPath: o.node.path }));
  return loadEngine().runAudit(inputs, { packs: options.packs ?? ['hardened'], suppressions: options.suppressions });
}

function toReport(result: EngineResult): AuditReport {
  const s = result.summary;
  return {
    findings: result.findings.map(f => ({ ...f, paths: [...f.paths], references: [...f.references] })),
    summary: {
      packs: s.packs,
      objects: s.objects,
      rules: s.rules,
      findings: s.findings,
      suppressed: s.suppressed,
      critical: s.bySeverity.critical,
      high: s.bySeverity.high,
      medium: s.bySeverity.medium,
      low: s.bySeverity.low,
      unmatchedSuppressions: s.unmatchedSuppressions,
    },
    text: loadEngine().formatText(result),
  };
}
