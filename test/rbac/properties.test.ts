import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Acknowledgement, ApiResource, LeastPrivilegeServiceAccount, RbacRisk, Verb } from '../../src';
import { dangerousRbacObject, dangerousRules } from '../../src/detectors/dangerous-permissions';
import { compactRules } from '../../src/rbac/role-rules';
import { schemaErrors, synthObjects } from '../harness';

/** Namespaced types, dangerous or not, plus a CRD. */
const TYPES = [
  ApiResource.PODS, ApiResource.PODS_LOG, ApiResource.PODS_EXEC, ApiResource.CONFIG_MAPS, ApiResource.SECRETS, ApiResource.SERVICES,
  ApiResource.ENDPOINTS, ApiResource.SERVICE_ACCOUNTS, ApiResource.EVENTS, ApiResource.DEPLOYMENTS, ApiResource.JOBS, ApiResource.LEASES,
  ApiResource.NETWORK_POLICIES, ApiResource.ROLES, ApiResource.ROLE_BINDINGS, ApiResource.PERSISTENT_VOLUME_CLAIMS,
  ApiResource.custom({ apiGroup: 'example.com', resourceType: 'widgets' }),
];
const VERBS = Object.values(Verb);
const UNNAMEABLE: string[] = [Verb.CREATE, Verb.DELETE_COLLECTION];

interface Request { readonly type: number; readonly verbs: Verb[]; readonly name?: string }

/** A well-formed grant (named grants never carry verbs that cannot be restricted to a name). */
const request: fc.Arbitrary<Request> = fc.record({
  type: fc.nat(TYPES.length - 1),
  verbs: fc.uniqueArray(fc.constantFrom(...VERBS), { minLength: 1, maxLength: 4 }),
  name: fc.option(fc.constantFrom('a', 'b', 'api-config', 'db'), { nil: undefined }),
}).map(r => (r.name !== undefined && !TYPES[r.type].resourceType.includes('/')
  ? { ...r, verbs: r.verbs.filter(v => !UNNAMEABLE.includes(v)) } : r))
  .filter(r => r.verbs.length > 0);

const resourceOf = (r: Request) => (r.name !== undefined ? TYPES[r.type].named(r.name) : TYPES[r.type]);
const risksOf = (r: Request) => {
  const res = resourceOf(r);
  const named = r.name !== undefined ? { resourceName: r.name } : {};
  const atoms = r.verbs.map(verb => ({ apiGroup: res.apiGroup, resource: res.resourceType, verb, ...named }));
  return [...new Set(compactRules(atoms).flatMap(rule => dangerousRules(rule, 'namespace', { namespace: 'shop' })).map(f => f.id))];
};
const isSafe = (r: Request) => risksOf(r).length === 0;

/** Every (group, resource, verb, name) a list of rules grants. */
function expand(rules: any[]): string[] {
  return rules.flatMap(rule => rule.apiGroups.flatMap((g: string) => rule.resources.flatMap((res: string) => rule.verbs.flatMap((v: string) =>
    (rule.resourceNames ?? [undefined]).map((n: string | undefined) => JSON.stringify([g, res, v, n ?? null])))))).sort();
}

/** What requests ask for, without named grants that a grant on the whole type already covers. */
function requested(requests: Request[]): string[] {
  const key = (r: Request, v: string) => JSON.stringify([TYPES[r.type].apiGroup, TYPES[r.type].resourceType, v, r.name ?? null]);
  const atoms = new Set(requests.flatMap(r => r.verbs.map(v => key(r, v))));
  return [...atoms].filter(a => {
    const [g, res, v, n] = JSON.parse(a);
    return n === null || !atoms.has(JSON.stringify([g, res, v, null]));
  }).sort();
}

function roleOf(requests: Request[]) {
  const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
  for (const r of requests) sa.grant(r.verbs, resourceOf(r));
  return { objects: synthObjects(c), role: synthObjects(c).find(o => o.kind === 'Role') };
}

describe('properties of grants', () => {
  test('safe grants: the Role grants exactly what was asked, names objects where asked, has no wildcard, and is order-independent', () => {
    fc.assert(fc.property(fc.array(request.filter(isSafe), { minLength: 1, maxLength: 8 }), fc.infiniteStream(fc.nat()), (requests, seeds) => {
      const { objects, role } = roleOf(requests);
      expect(schemaErrors(objects)).toEqual([]);
      expect(expand(role.rules)).toEqual(requested(requests));
      expect(JSON.stringify(role.rules)).not.toContain('*');
      expect(dangerousRbacObject(role)).toEqual([]);
      expect(role.metadata.annotations).toBeUndefined();
      // Same grants in another order, or repeated: the same rules.
      const shuffled = [...requests, ...requests].map(r => ({ r, k: seeds.next().value })).sort((a, b) => a.k - b.k).map(x => x.r);
      expect(roleOf(shuffled).role.rules).toEqual(role.rules);
    }), { numRuns: 150 });
  });

  test('dangerous grants: refused naming every risk without acknowledgements; with them, synthesized and annotated', () => {
    fc.assert(fc.property(request.filter(r => !isSafe(r)), r => {
      const risks = risksOf(r);
      const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
      const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
      let message = '';
      try {
        sa.grant(r.verbs, resourceOf(r));
      } catch (e) {
        message = (e as Error).message;
      }
      for (const risk of risks) expect(message).toContain(`${risk} (`);
      expect(message).toMatch(/^\[shop\/sa\] grant\(/);

      sa.grant(r.verbs, resourceOf(r), { acknowledgements: risks.map(risk => Acknowledgement.of(risk as RbacRisk, 'accepted by the property test')) });
      const role = synthObjects(c).find(o => o.kind === 'Role');
      const annotated = Object.keys(role.metadata.annotations).map(k => k.replace('waiver.cdk8s-hardening.dev/', '')).sort();
      expect(annotated).toEqual([...risks].sort());
      // What the rule engine will find on the YAML is exactly what was acknowledged.
      expect([...new Set(dangerousRbacObject(role).map(f => f.id))].sort()).toEqual([...risks].sort());
    }), { numRuns: 150 });
  });
});
