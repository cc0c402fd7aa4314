import type { EngineInput } from '../rules/engine';
import { loadEngine } from '../rules/load-engine';
import { Severity } from '../rules/rule';

/** Properties of the cdk8s CLI validation plugin (`properties:` in cdk8s.yaml). */
export interface HardeningValidationProps {
  /**
   * Rule packs.
   *
   * @default ['hardened']
   */
  readonly packs?: string[];
  /**
   * Lowest severity that fails the validation: `low`, `medium`, `high` or `critical`.
   *
   * @default 'low'
   */
  readonly failOn?: string;
  /**
   * An exemptions file (owner, rule, selector, reason, expiry per entry) the platform team owns, relative to the
   * directory `cdk8s synth` runs in.
   *
   * @default - none
   */
  readonly exemptionsFile?: string;
  /**
   * Ignore exemption annotations on the objects (waivers, `suppress.cdk8s-hardening.dev/*`): only the exemptions
   * file accepts findings, and the annotations are reported as not applied.
   *
   * @default false
   */
  readonly disallowAnnotationExemptions?: boolean;
  /**
   * Asserts that the synthesized manifests hold every object of each namespace they deploy into (and the
   * cluster-scoped objects those refer to), so the dangling checks run (a Service selecting no pod, an HPA or Ingress
   * target, a ServiceAccount not in the output). Without it they are logged as not judged, and the findings of the
   * other cross-object rules say they were judged on partial input. False by default: an app's output is complete for
   * what it creates, not for namespaces other apps and the platform team deploy into too.
   *
   * @default false
   */
  readonly complete?: boolean;
}

/**
 * The rule engine as a cdk8s CLI validation plugin. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-hardening
 *     class: HardeningValidation
 *     version: 0.0.0
 *     properties:
 *       packs: [hardened]
 *       failOn: medium
 * ```
 *
 * `cdk8s synth` then fails on findings, reporting each with its construct path.
 */
export class HardeningValidation {
  private readonly packs: string[];
  private readonly failOn: Severity;
  private readonly exemptionsFile?: string;
  private readonly allowAnnotationExemptions: boolean;
  private readonly complete: boolean;

  public constructor(props: HardeningValidationProps = {}) {
    this.packs = props.packs ?? ['hardened'];
    const failOn = props.failOn ?? 'low';
    if (!Object.values(Severity).includes(failOn as Severity)) {
      throw new Error(`HardeningValidation: failOn "${failOn}" is not a severity. Fix: use low, medium, high or critical`);
    }
    this.failOn = failOn as Severity;
    this.exemptionsFile = props.exemptionsFile;
    this.allowAnnotationExemptions = !props.disallowAnnotationExemptions;
    this.complete = props.complete ?? false;
  }

  /**
   * Called by the cdk8s CLI with its validation context (manifests, report, logger).
   */
  public async validate(context: any): Promise<void> {
    const inputs: EngineInput[] = (context.manifests as string[]).flatMap(file =>
      (context.parseManifest(file) as any[]).filter(o => o).map(object => ({ object, file })));
    const { runAudit, atLeast, readExemptionsFile, formatExemptions, formatNotJudged, PARTIAL_VIEW_NOTE } = loadEngine();
    const result = runAudit(inputs, {
      packs: this.packs,
      suppressions: this.exemptionsFile ? readExemptionsFile(this.exemptionsFile) : [],
      allowAnnotationExemptions: this.allowAnnotationExemptions,
      complete: this.complete,
    });
    const byRule = new Map<string, typeof result.findings>();
    for (const f of result.findings.filter(x => !x.suppressed && atLeast(x.severity, this.failOn))) {
      byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    }
    const rules = new Map(result.rules.map(r => [r.id, r]));
    for (const [ruleId, findings] of byRule) {
      const rule = rules.get(ruleId)!;
      context.report.addViolation({
        ruleName: `${ruleId} (${rule.severity})`,
        recommendation: `${rule.title}. ${rule.rationale}`,
        fix: rule.fix,
        violatingResources: findings.map(f => ({
          resourceName: f.object.name ?? '',
          locations: f.paths.map((p, i) => (i === 0 ? `${p}: ${f.message}${f.partialView ? ` (${PARTIAL_VIEW_NOTE})` : ''}` : p)),
          manifestPath: f.file ?? '',
        })),
      });
    }
    const s = result.summary;
    // Every exemption is shown, so a reviewer of the synth log sees all accepted findings in one place.
    const exemptions = formatExemptions(result);
    if (exemptions) context.logger.log(exemptions.trimEnd());
    const notJudged = formatNotJudged(result);
    if (notJudged) context.logger.log(notJudged.trimEnd());
    context.logger.log(`cdk8s-hardening: ${s.findings} findings, ${s.suppressed} suppressed, ${s.objects} objects, packs ${s.packs.join(', ')}`);
    context.report.submit(byRule.size ? 'failure' : 'success', { packs: s.packs.join(','), failOn: this.failOn, complete: String(s.complete) });
  }
}
