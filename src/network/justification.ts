import { IConstruct } from 'constructs';
import { propError } from '../core/errors';
import { MIN_JUSTIFICATION, WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

/**
 * Refuses a relaxation whose justification a reviewer could not judge, and returns the annotation that
 * records it on the object it relaxes (`waiver.cdk8s-hardening.dev/<kind>`), like a pod `Waiver`.
 */
export function justifiedAnnotation(scope: IConstruct, prop: string, kind: string, justification: string | undefined): [string, string] {
  if (justification === undefined || justification.trim().length < MIN_JUSTIFICATION) {
    throw propError(scope, `${prop}.justification`, `a justification of at least ${MIN_JUSTIFICATION} characters is required for this relaxation${justification ? `, "${justification}" is too short` : ''}`,
      'say why this namespace or workload needs it, so reviewers can judge it');
  }
  return [`${WAIVER_ANNOTATION_PREFIX}${kind}`, justification.trim()];
}
