/** Rules on namespaces, API versions and metadata. */
import { Rule } from '../rule';
import { deprecatedApiVersion } from './deprecated-api-version';
import { namespaceLimitRange } from './namespace-limit-range';
import { namespacePssLabels } from './namespace-pss-labels';
import { namespacePssVersion } from './namespace-pss-version';
import { namespaceResourceQuota } from './namespace-resource-quota';
import { objectDefaultNamespace } from './object-default-namespace';
import { objectKubeSystem } from './object-kube-system';
import { recommendedLabels } from './recommended-labels';

/** Every hygiene rule. */
export const HYGIENE_RULES: readonly Rule[] = [
  objectDefaultNamespace,
  objectKubeSystem,
  namespacePssLabels,
  namespacePssVersion,
  namespaceLimitRange,
  namespaceResourceQuota,
  deprecatedApiVersion,
  recommendedLabels,
];
