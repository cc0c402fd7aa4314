import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { requireInNamespace } from './namespaces';

/** Every Namespace of the audit has a LimitRange. */
export const namespaceLimitRange = objectRule({
  id: 'namespace-limit-range',
  title: 'Namespace has no LimitRange',
  severity: Severity.LOW,
  related: { kinds: ['LimitRange'], check: RelatedCheck.CONTEXT },
  rationale: 'A LimitRange gives containers that set no resources a default request and limit, and caps what one container may ask for, '
    + 'so a forgotten limit does not let a pod take a whole node.',
  fix: 'Add a LimitRange with default requests and limits to the namespace.',
  kinds: ['Namespace'],
  references: {
    trivy: ['KSV-0039'],
  },
  check(object, context) {
    return requireInNamespace(object, context, 'LimitRange', 'containers without resources get no defaults');
  },
});
