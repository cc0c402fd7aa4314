import { RbacRisk } from './rbac-risk';
import { requireJustification } from '../core/errors';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

/**
 * An explicit, justified acceptance of one dangerous RBAC permission, given with the grant that needs it.
 *
 * `LeastPrivilegeServiceAccount` refuses dangerous grants (wildcards, reading all Secrets, creating pods,
 * pods/exec …) unless each risk the grant carries is acknowledged; the justification is written into an
 * annotation on the Role (`waiver.cdk8s-hardening.dev/<risk id>`), so reviewers see it in the YAML.
 * An acknowledgement the grant does not need is refused, so annotations never overstate what was granted.
 *
 * @example
 * sa.grant([Verb.CREATE], ApiResource.PODS_EXEC.named('db-0'), {
 *   acknowledgements: [Acknowledgement.of(RbacRisk.PODS_EXEC, 'runs the nightly backup inside db-0; ticket OPS-12')],
 * });
 */
export class Acknowledgement {
  /** Prefix of the annotations that record acknowledgements: `waiver.cdk8s-hardening.dev/<risk id>`. */
  public static readonly ANNOTATION_PREFIX = WAIVER_ANNOTATION_PREFIX;

  /** Accept `risk` for the grant this is given with, because of `justification` (at least 10 characters a reviewer can judge). */
  public static of(risk: RbacRisk, justification: string): Acknowledgement {
    if (!(Object.values(RbacRisk) as string[]).includes(risk)) {
      throw new Error(`Acknowledgement.of("${risk}", …): not a known risk. Fix: use a member of RbacRisk, e.g. RbacRisk.PODS_EXEC`);
    }
    return new Acknowledgement(risk, requireJustification(`Acknowledgement.of(${risk}, …)`, 'justification', justification, 'say why this ServiceAccount needs it'));
  }

  private constructor(
    /** The risk accepted. */
    public readonly risk: RbacRisk,
    /** Why; written into the Role's annotations. */
    public readonly justification: string,
  ) {}

  /** Annotation key under which this acknowledgement is recorded. */
  public get annotationKey(): string {
    return WAIVER_ANNOTATION_PREFIX + this.risk;
  }
}
