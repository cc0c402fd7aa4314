/** Every rule of the engine, PSS first. Packs choose from this list. */
import { podNetworkPolicy } from './network/pod-network-policy';
import { PSS_RULES } from './pss';
import { Rule } from './rule';
import { containerResourceLimits } from './workload/container-resource-limits';

/** Rules other than the PSS ones, which are versioned and chosen per pack. */
export const CATALOG_RULES: readonly Rule[] = [containerResourceLimits, podNetworkPolicy];

export const ALL_RULES: readonly Rule[] = [...PSS_RULES, ...CATALOG_RULES];

const BY_ID = new Map(ALL_RULES.map(r => [r.id, r]));

/** The rule with this id, if there is one. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
