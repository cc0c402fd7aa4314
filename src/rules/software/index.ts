/** Rules on known-bad software and usage: components with a history of cluster takeovers. */
import { Rule } from '../rule';
import { containerSudo } from './container-sudo';
import { kubernetesDashboardDeployed } from './kubernetes-dashboard-deployed';
import { tillerDeployed } from './tiller-deployed';

/** Every software rule. */
export const SOFTWARE_RULES: readonly Rule[] = [
  containerSudo,
  kubernetesDashboardDeployed,
  tillerDeployed,
];
