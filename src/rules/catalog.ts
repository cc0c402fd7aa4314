/** Every rule of the engine, PSS first. Packs choose from this list. */
import { AVAILABILITY_RULES } from './availability';
import { HYGIENE_RULES } from './hygiene';
import { NETWORK_RULES } from './network';
import { PSS_RULES } from './pss';
import { RBAC_RULES } from './rbac';
import { Rule } from './rule';
import { SECRETS_RULES } from './secrets';
import { SOFTWARE_RULES } from './software';
import { waiverTable } from './suppressions';
import { WORKLOAD_RULES } from './workload';

/** Rules other than the PSS ones, which are versioned and chosen per pack. */
export const CATALOG_RULES: readonly Rule[] = [
  ...WORKLOAD_RULES,
  ...AVAILABILITY_RULES,
  ...NETWORK_RULES,
  ...SECRETS_RULES,
  ...HYGIENE_RULES,
  ...RBAC_RULES,
  ...SOFTWARE_RULES,
];

export const ALL_RULES: readonly Rule[] = [...PSS_RULES, ...CATALOG_RULES];

const BY_ID = new Map(ALL_RULES.map(r => [r.id, r]));

/** The rule with this id, if there is one. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** The rules a waiver kind exempts, as their `waivedBy` declares (none for a kind no rule reports, such as an RBAC record). */
export const waivedRuleIds = waiverTable(ALL_RULES);
