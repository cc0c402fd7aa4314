import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { requireInNamespace } from './namespaces';

/** Every Namespace of the audit has a ResourceQuota. */
export const namespaceResourceQuota = objectRule({
  id: 'namespace-resource-quota',
  title: 'Namespace has no ResourceQuota',
  severity: Severity.LOW,
  related: { kinds: ['ResourceQuota'], check: RelatedCheck.CONTEXT },
  rationale: 'Without a ResourceQuota one namespace can consume the whole cluster\'s CPU, memory, storage or object counts, '
    + 'by mistake or by a compromised workload scaling itself up.',
  fix: 'Add a ResourceQuota bounding the namespace\'s requests, limits and object counts.',
  kinds: ['Namespace'],
  references: {
    trivy: ['KSV-0040'],
  },
  check(object, context) {
    return requireInNamespace(object, context, 'ResourceQuota', 'nothing bounds what it consumes');
  },
});
