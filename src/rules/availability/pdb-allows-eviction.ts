import { objectRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

/** A PodDisruptionBudget states a policy, and that policy lets at least one pod be evicted. */
export const pdbAllowsEviction = objectRule({
  id: 'pdb-allows-eviction',
  title: 'PodDisruptionBudget blocks every eviction, or states no policy',
  severity: Severity.LOW,
  rationale: 'A budget of maxUnavailable 0 or minAvailable 100% never allows a voluntary eviction: node drains hang and cluster upgrades stall '
    + 'until someone deletes the budget by hand. A budget with neither field protects nothing.',
  fix: 'Set maxUnavailable: 1 (or a minAvailable below the replica count). HardenedDeployment/HardenedStatefulSet create budgets with maxUnavailable: 1.',
  kinds: ['PodDisruptionBudget'],
  references: {
    'polaris': [{ id: 'pdbDisruptionsIsZero', relation: ReferenceRelation.RELATED, why: 'Polaris reads status.disruptionsAllowed, the live count a cluster computes; this rule judges the budget as written (minAvailable and maxUnavailable against the replicas), which is what a manifest can show.' }],
    'kube-score': ['poddisruptionbudget-has-policy'],
    'kube-linter': ['pdb-max-unavailable', 'pdb-min-available'],
  },
  check(object) {
    const { maxUnavailable, minAvailable } = object.spec ?? {};
    if (maxUnavailable === 0 || maxUnavailable === '0%' || maxUnavailable === '0') {
      return [{ message: `PodDisruptionBudget sets maxUnavailable=${JSON.stringify(maxUnavailable)}, so no pod can ever be evicted`, path: 'spec.maxUnavailable' }];
    }
    if (minAvailable === '100%') {
      return [{ message: 'PodDisruptionBudget sets minAvailable="100%", so no pod can ever be evicted', path: 'spec.minAvailable' }];
    }
    if (maxUnavailable === undefined && minAvailable === undefined) {
      return [{ message: 'PodDisruptionBudget sets neither maxUnavailable nor minAvailable', path: 'spec' }];
    }
    return [];
  },
});
