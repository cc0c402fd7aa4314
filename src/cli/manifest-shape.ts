/**
 * The shapes the API server refuses, checked before any rule runs: a rule that finds `rules: [null]` or
 * `subjects: "x"` where the schema has a list of objects would otherwise crash (an "internal error") or, worse,
 * skip the object. The API server would refuse such an object (a JSON type error or a validation error), so the CLI
 * refuses it too, naming the file, the document's line and the field.
 *
 * Only the fields the rules read are listed: metadata everywhere, and the lists the rules iterate in pod specs,
 * RBAC, NetworkPolicies, Services, Ingresses, ConfigMaps and Secrets. Fields not listed are left to the API server.
 */
import { InputError } from './input-error';
import { Manifest } from '../rules/rule';

type Spec =
  | 'any' | 'string' | 'stringList' | 'stringMap' | 'object'
  | { readonly fields: Readonly<Record<string, Spec>> }
  | { readonly list: Spec };

const obj = (fields: Record<string, Spec>): Spec => ({ fields });
const list = (of: Spec): Spec => ({ list: of });

const METADATA: Spec = obj({ name: 'string', namespace: 'string', generateName: 'string', labels: 'stringMap', annotations: 'stringMap' });
const CONTAINER: Spec = obj({
  name: 'string',
  image: 'string',
  command: 'stringList',
  args: 'stringList',
  workingDir: 'string',
  env: list(obj({ name: 'string', value: 'string', valueFrom: 'object' })),
  envFrom: list('object'),
  ports: list('object'),
  volumeMounts: list(obj({ name: 'string', mountPath: 'string' })),
  volumeDevices: list('object'),
  securityContext: obj({ capabilities: obj({ add: 'stringList', drop: 'stringList' }), seLinuxOptions: 'object', seccompProfile: 'object' }),
  resources: obj({ limits: 'object', requests: 'object' }),
  livenessProbe: 'object',
  readinessProbe: 'object',
  startupProbe: 'object',
  lifecycle: 'object',
});
const POD_SPEC: Spec = obj({
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
  ephemeralContainers: list(CONTAINER),
  volumes: list(obj({ name: 'string', hostPath: obj({ path: 'string' }) })),
  imagePullSecrets: list('object'),
  tolerations: list('object'),
  hostAliases: list('object'),
  topologySpreadConstraints: list('object'),
  // supplementalGroups are numbers: only the list itself is checked.
  securityContext: obj({ supplementalGroups: list('any'), sysctls: list('object'), seccompProfile: 'object' }),
  serviceAccountName: 'string',
  nodeSelector: 'stringMap',
  affinity: 'object',
});
const TEMPLATE: Spec = obj({ metadata: METADATA, spec: POD_SPEC });
const WORKLOAD: Spec = obj({ spec: obj({ template: TEMPLATE, selector: 'object' }) });
const SELECTOR: Spec = obj({ matchLabels: 'stringMap', matchExpressions: list(obj({ key: 'string', operator: 'string', values: 'stringList' })) });
const PEERS: Spec = list(obj({ podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: obj({ cidr: 'string', except: 'stringList' }) }));
const POLICY_RULE: Spec = obj({ apiGroups: 'stringList', resources: 'stringList', verbs: 'stringList', resourceNames: 'stringList', nonResourceURLs: 'stringList' });

const BY_KIND: Record<string, Spec> = {
  Pod: obj({ spec: POD_SPEC }),
  PodTemplate: obj({ template: TEMPLATE }),
  Deployment: WORKLOAD,
  ReplicaSet: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  ReplicationController: WORKLOAD,
  Job: WORKLOAD,
  CronJob: obj({ spec: obj({ schedule: 'string', jobTemplate: obj({ metadata: METADATA, spec: obj({ template: TEMPLATE }) }) }) }),
  Role: obj({ rules: list(POLICY_RULE) }),
  ClusterRole: obj({ rules: list(POLICY_RULE), aggregationRule: obj({ clusterRoleSelectors: list(SELECTOR) }) }),
  RoleBinding: obj({ subjects: list(obj({ kind: 'string', name: 'string', namespace: 'string' })), roleRef: obj({ kind: 'string', name: 'string', apiGroup: 'string' }) }),
  ClusterRoleBinding: obj({ subjects: list(obj({ kind: 'string', name: 'string', namespace: 'string' })), roleRef: obj({ kind: 'string', name: 'string', apiGroup: 'string' }) }),
  NetworkPolicy: obj({ spec: obj({ podSelector: SELECTOR, policyTypes: 'stringList', ingress: list(obj({ from: PEERS, ports: list('object') })), egress: list(obj({ to: PEERS, ports: list('object') })) }) }),
  Service: obj({ spec: obj({ type: 'string', ports: list('object'), selector: 'stringMap', externalIPs: 'stringList', loadBalancerSourceRanges: 'stringList' }) }),
  Ingress: obj({ spec: obj({ rules: list(obj({ host: 'string', http: obj({ paths: list(obj({ path: 'string', backend: 'object' })) }) })), tls: list(obj({ hosts: 'stringList', secretName: 'string' })) }) }),
  ConfigMap: obj({ data: 'stringMap', binaryData: 'stringMap' }),
  Secret: obj({ type: 'string', data: 'stringMap', stringData: 'stringMap' }),
  ServiceAccount: obj({ secrets: list('object'), imagePullSecrets: list('object') }),
  Namespace: obj({}),
};

const describeType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `the ${typeof v} ${JSON.stringify(v)}`);

/** `Kind namespace/name`, for messages. */
export function describeManifest(o: Manifest): string {
  const m = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return `${typeof o.kind === 'string' ? o.kind : '(no kind)'} ${str(m.namespace) ? `${str(m.namespace)}/` : ''}${str(m.name) || '(no name)'}`;
}

/**
 * Refuses an object whose metadata or rule-read lists have a shape the API server refuses. A `null` label or
 * annotation value is read as "" (what Go's JSON decoder stores in a string map), like the API server does.
 */
export function checkManifestShape(o: Manifest, where: string): void {
  const fail = (path: string, problem: string): never => {
    throw new InputError(`${where}: ${describeManifest(o)}: ${path} ${problem}; the API server refuses this object`);
  };
  const walk = (value: unknown, spec: Spec, path: string): void => {
    // A null field is an absent field to the API server's decoder.
    if (value === null || value === undefined || spec === 'any') return;
    if (spec === 'string') {
      if (typeof value !== 'string') fail(path, `must be a string, not ${describeType(value)}`);
    } else if (spec === 'object') {
      if (typeof value !== 'object' || Array.isArray(value)) fail(path, `must be a mapping, not ${describeType(value)}`);
    } else if (spec === 'stringMap') {
      if (typeof value !== 'object' || Array.isArray(value)) return fail(path, `must be a mapping of strings, not ${describeType(value)}`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) (value as Record<string, unknown>)[k] = '';
        else if (typeof v !== 'string') fail(`${path}.${k}`, `must be a string, not ${describeType(v)} (quote it: "${typeof v === 'object' ? '...' : String(v)}")`);
      }
    } else if (spec === 'stringList') {
      if (!Array.isArray(value)) return fail(path, `must be a list of strings, not ${describeType(value)}`);
      value.forEach((v, i) => {
        if (typeof v !== 'string') fail(`${path}[${i}]`, `must be a string, not ${describeType(v)}`);
      });
    } else if ('list' in spec) {
      if (!Array.isArray(value)) return fail(path, `must be a list, not ${describeType(value)}`);
      value.forEach((v, i) => {
        // A null entry decodes to an empty object, which validation then refuses (a rule with no verbs, a nameless container).
        if (spec.list !== 'any' && (v === null || typeof v !== 'object' || Array.isArray(v))) fail(`${path}[${i}]`, `must be a mapping, not ${describeType(v)}`);
        walk(v, spec.list, `${path}[${i}]`);
      });
    } else {
      if (typeof value !== 'object' || Array.isArray(value)) return fail(path, `must be a mapping, not ${describeType(value)}`);
      for (const [k, s] of Object.entries(spec.fields)) walk((value as Record<string, unknown>)[k], s, path ? `${path}.${k}` : k);
    }
  };
  walk(o.metadata, METADATA, 'metadata');
  const spec = BY_KIND[o.kind as string];
  if (spec) walk(o, spec, '');
}
