/**
 * The `rules` of a Role or ClusterRole: what a service account was granted, compacted into the fewest RBAC PolicyRules.
 * (Network policy rules are network/policy-rules.ts.)
 */
import { sortVerbs } from './verbs';
import { PolicyRuleLike } from '../detectors/dangerous-permissions';

/** One thing a grant allows: a verb on a resource type, or on one named object of it. */
export interface GrantAtom {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: string;
  readonly resourceName?: string;
}

/** A PolicyRule as it is synthesized. */
export interface PolicyRule extends PolicyRuleLike {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const SEP = '\u0000';

/**
 * The fewest PolicyRules that grant exactly `atoms`, deterministically ordered.
 *
 * Rules only merge where the cross product RBAC applies (apiGroups × resources × verbs × resourceNames)
 * stays exact: unnamed resources of one group with the same verbs share a rule; names of one resource with
 * the same verbs share a rule. A named grant that an unnamed one already covers is left out.
 */
export function compactRules(atoms: Iterable<GrantAtom>): PolicyRule[] {
  const unnamed = new Map<string, Set<string>>(); // group␀resource → verbs
  const named = new Map<string, Set<string>>(); // group␀resource␀name → verbs
  const list = [...atoms];
  for (const a of list.filter(x => x.resourceName === undefined)) {
    add(unnamed, [a.apiGroup, a.resource].join(SEP), a.verb);
  }
  for (const a of list.filter(x => x.resourceName !== undefined)) {
    if (unnamed.get([a.apiGroup, a.resource].join(SEP))?.has(a.verb)) continue;
    add(named, [a.apiGroup, a.resource, a.resourceName].join(SEP), a.verb);
  }

  const rules: PolicyRule[] = [];
  // Unnamed: group resources of one API group that share their verbs.
  const byGroupVerbs = new Map<string, string[]>();
  for (const [key, verbs] of unnamed) {
    const [group, resource] = key.split(SEP);
    push(byGroupVerbs, [group, ...sortVerbs(verbs)].join(SEP), resource);
  }
  for (const [key, resources] of byGroupVerbs) {
    const [group, ...verbs] = key.split(SEP);
    rules.push({ apiGroups: [group], resources: [...resources].sort(), verbs });
  }
  // Named: group names of one resource that share their verbs.
  const byResourceVerbs = new Map<string, string[]>();
  for (const [key, verbs] of named) {
    const [group, resource, name] = key.split(SEP);
    push(byResourceVerbs, [group, resource, ...sortVerbs(verbs)].join(SEP), name);
  }
  for (const [key, names] of byResourceVerbs) {
    const [group, resource, ...verbs] = key.split(SEP);
    rules.push({ apiGroups: [group], resources: [resource], resourceNames: [...names].sort(), verbs });
  }
  return rules.sort((a, b) => (ruleKey(a) < ruleKey(b) ? -1 : ruleKey(a) > ruleKey(b) ? 1 : 0));
}

function add(map: Map<string, Set<string>>, key: string, value: string) {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

function push(map: Map<string, string[]>, key: string, value: string) {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** Sort by group, resource, unnamed before named, then verbs: the order a reviewer scans in. */
function ruleKey(r: PolicyRule): string {
  return [r.apiGroups[0], r.resources[0], r.resourceNames ? `1${r.resourceNames[0]}` : '0', r.verbs.join(',')].join(SEP);
}
