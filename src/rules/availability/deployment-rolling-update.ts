import { objectRule } from '../define';
import { Severity } from '../rule';

/** A Deployment rolls out with the RollingUpdate strategy. */
export const deploymentRollingUpdate = objectRule({
  id: 'deployment-rolling-update',
  title: 'Deployment uses the Recreate strategy',
  severity: Severity.LOW,
  rationale: 'Recreate stops every old pod before starting new ones: each rollout is an outage, and a broken release leaves nothing running.',
  fix: 'Use strategy.type: RollingUpdate (the default) with maxUnavailable 0 and maxSurge 1, as HardenedDeployment does.',
  kinds: ['Deployment'],
  references: {
    'kube-score': ['deployment-strategy'],
    'kube-linter': ['no-rolling-update-strategy'],
    'kubescape': ['C-0305'],
  },
  check(object) {
    if (object.spec?.strategy?.type !== 'Recreate') return [];
    return [{ message: 'Deployment uses strategy.type=Recreate, so every rollout stops all pods first', path: 'spec.strategy.type' }];
  },
});
