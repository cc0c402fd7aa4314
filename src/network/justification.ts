import { IConstruct } from 'constructs';
import { requireJustification } from '../core/errors';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

/**
 * Refuses a relaxation whose justification a reviewer could not judge, and returns the annotation that
 * records it on the object it relaxes (`waiver.cdk8s-hardening.dev/<kind>`), like a pod `Waiver`.
 */
export function justifiedAnnotation(scope: IConstruct, prop: string, kind: string, justification: string | undefined): [string, string] {
  return [`${WAIVER_ANNOTATION_PREFIX}${kind}`, requireJustification(scope, `${prop}.justification`, justification,
    'say why this namespace or workload needs it, so reviewers can judge it')];
}
