import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { policyTypes, selectsAllPods } from './network-policies';

/** Every Namespace of the audit isolates all its pods for ingress and egress (a default deny). */
export const namespaceDefaultDeny = objectRule({
  id: 'namespace-default-deny',
  title: 'Namespace has no default-deny NetworkPolicy',
  severity: Severity.MEDIUM,
  related: { kinds: ['NetworkPolicy'], check: RelatedCheck.CONTEXT },
  rationale: 'Pods no NetworkPolicy selects accept and open any connection. A policy selecting every pod of the namespace (empty podSelector) '
    + 'for a direction isolates all of them for it, so new workloads start closed and only declared traffic flows.',
  fix: 'Use an IsolatedNamespace (default deny for ingress and egress, DNS allowed) and open traffic per workload with allowFrom/allowTo, or add a '
    + 'NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress].',
  kinds: ['Namespace'],
  references: {
    cis: ['5.3.2'],
    nsa: ['C-0054'],
    kubescape: ['C-0054', 'C-0206'],
  },
  check(object, context) {
    const name = object.metadata?.name;
    // A policy selecting every pod isolates them all for its policy types; its rules (e.g. DNS egress) are what it then allows.
    const isolated = new Set<string>();
    for (const policy of context.index.inNamespace('NetworkPolicy', name)) {
      if (selectsAllPods(policy)) policyTypes(policy).forEach(t => isolated.add(t));
    }
    return ['Ingress', 'Egress'].filter(t => !isolated.has(t)).map(t => ({
      message: `no NetworkPolicy in namespace "${name}" selects all pods for ${t}, so pods without their own policy are open for ${t.toLowerCase()}`,
      path: 'metadata.name',
    }));
  },
});
