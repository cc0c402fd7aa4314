import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditReport } from './audit-report';
import { propError, requireJustification } from '../core/errors';
import { appExemptions, registerAppExemptions } from '../core/exemptions-registry';
import { addAppWideValidation } from '../core/synthesis-pass';
import { synthesizedObjects } from '../core/synthesized-objects';
import { SUPPRESSION_ANNOTATION_PREFIX } from '../manifest/exemption-keys';
import type { EngineInput, EngineResult } from '../rules/engine';
import { loadEngine } from '../rules/load-engine';
import { Severity } from '../rules/rule';

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
  /**
   * An exemptions file (owner, rule, selector, reason, expiry per entry) the platform team owns.
   *
   * @default - the file registered for the App with `HardeningAudit.useExemptions`, if any
   */
  readonly exemptionsFile?: string;
  /**
   * Whether exemption annotations on the objects (waivers, `suppress.cdk8s-hardening.dev/*`) count. With false,
   * only the exemptions file and `suppressions` accept findings; the annotations are reported as not applied.
   *
   * @default true
   */
  readonly allowAnnotationExemptions?: boolean;
  /**
   * Asserts that the audited scope emits every object of each namespace it deploys into (and the cluster-scoped
   * objects those refer to). Only then do the dangling checks run (a Service selecting no pod, an HPA or Ingress
   * target, a ServiceAccount not in the app); without it they are listed in `summary.notJudged`, and the findings of
   * the other cross-object rules (a pod no NetworkPolicy selects...) carry `partialView`.
   *
   * The default is false because an app's output is complete for the objects it creates, not for its namespaces:
   * other apps, Helm charts and the platform team deploy into them too (the ServiceAccount or Service an object
   * names may be theirs), so "not in the app" does not mean "does not exist". Set it for an app that owns its
   * namespaces.
   *
   * @default false
   */
  readonly complete?: boolean;
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
    // Once per synthesis: cdk8s runs the App's validations again for every chart it writes.
    addAppWideValidation(scope, () => {
      const result = auditScope(scope, options);
      const failing = result.findings.filter(f => !f.suppressed && loadEngine().atLeast(f.severity, failOn));
      return failing.map(f => `[${f.constructPath ?? scope.node.path}] ${f.ruleId} (${f.severity}) ${f.object.kind} ${f.object.name}: ${f.message}`
          + `${f.partialView ? ` (${loadEngine().PARTIAL_VIEW_NOTE})` : ''}. `
          + `Fix: ${loadEngine().findRule(f.ruleId)?.fix} Or suppress it with HardeningAudit.suppress(construct, '${f.ruleId}', '<reason>').`);
    });
  }

  /**
   * Suppresses a rule for the objects under `scope` it applies to, with a reason written into
   * their `suppress.cdk8s-hardening.dev/<rule-id>` annotation so reviewers see it in the YAML.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    const rule = loadEngine().findRule(ruleId);
    if (!rule) throw propError(scope, 'ruleId', `no rule has the id "${ruleId}"`, 'use an id from `cdk8s-hardening rules`');
    if (rule.inlineExemptions === false) {
      throw propError(scope, 'ruleId', `rule "${ruleId}" cannot be suppressed by an annotation: no author may accept it inline`,
        'fix the finding, or ask the platform team for an entry in the exemptions file (HardeningAudit.useExemptions(app, file))');
    }
    const why = requireJustification(scope, 'reason', reason, 'say why this rule does not apply here, so a reviewer can judge it');
    const targets = apiObjectsUnder(scope).filter(o => rule.kinds.includes('*') || rule.kinds.includes(o.kind));
    if (targets.length === 0) {
      throw propError(scope, 'ruleId', `rule "${ruleId}" applies to ${rule.kinds.join(', ')}, and this construct emits none of them`, 'suppress it on the construct that emits such objects');
    }
    targets.forEach(o => o.metadata.addAnnotation(SUPPRESSION_ANNOTATION_PREFIX + ruleId, why));
  }

  /**
   * Registers the platform team's exemptions file for the whole App: the synth-time gates (the plaintext-Secret
   * guard, `enforce`) and `of` read it. It is the only way to accept a finding that no annotation may accept
   * (a plaintext Secret).
   */
  public static useExemptions(app: App, file: string): void {
    // Read now, so a malformed or expired file fails where it is registered.
    loadEngine().readExemptionsFile(file);
    registerAppExemptions(app, file);
  }

  private constructor() {}
}

function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function auditScope(scope: IConstruct, options: AuditOptions): EngineResult {
  // The objects as they will be written (patches applied, Lists flattened), not the constructs that made them.
  const inputs: EngineInput[] = synthesizedObjects(scope);
  const engine = loadEngine();
  const file = options.exemptionsFile ?? appExemptions(scope);
  return engine.runAudit(inputs, {
    packs: options.packs ?? ['hardened'],
    suppressions: [...(options.suppressions ?? []), ...(file ? engine.readExemptionsFile(file) : [])],
    allowAnnotationExemptions: options.allowAnnotationExemptions,
    complete: options.complete ?? false,
  });
}

function toReport(result: EngineResult): AuditReport {
  const s = result.summary;
  return {
    findings: result.findings.map(f => ({
      ...f,
      paths: [...f.paths],
      references: [...f.references],
      ...(f.exemptions ? { exemptions: f.exemptions.map(e => ({ ...e })) } : {}),
    })),
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
      complete: s.complete,
      notJudged: s.notJudged.map(n => ({ ...n })),
    },
    text: loadEngine().formatText(result),
  };
}
