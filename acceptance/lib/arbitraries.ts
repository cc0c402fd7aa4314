/**
 * Generated manifests for the differential run (acceptance/checks/differential.ts): the kinds real charts contain,
 * with the fields the checkers and the rules judge varied over the values that matter (unset, the safe value, the
 * unsafe one, the boundary). A case is a handful of objects in a namespace of its own (`dcase-<n>`), so that the
 * tools' cross-object checks (a NetworkPolicy or PDB selecting pods, a Service's selector) never connect two cases.
 */
import * as fc from 'fast-check';
import { Manifest } from './kube';

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Drops the undefined fields, so that YAML shows an unset field as absent (the way a chart leaves it out). */
function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as any;
  if (!v || typeof v !== 'object') return v;
  const out: any = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
  return out;
}

const uid = fc.constantFrom(0, 1000, 10001, 65534);
const seccomp = fc.constantFrom<any>(
  { type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'profiles/app.json' }, { type: 'Unconfined' });
const caps = fc.record({
  add: opt(fc.subarray(['NET_BIND_SERVICE', 'NET_ADMIN', 'SYS_ADMIN', 'CHOWN', 'ALL'], { minLength: 1, maxLength: 2 })),
  drop: opt(fc.constantFrom(['ALL'], ['NET_RAW'], ['all'])),
});

const podSecurityContext = opt(fc.record({
  runAsNonRoot: opt(fc.boolean()),
  runAsUser: opt(uid),
  runAsGroup: opt(uid),
  fsGroup: opt(uid),
  seccompProfile: opt(seccomp),
}));

const containerSecurityContext = opt(fc.record({
  runAsNonRoot: opt(fc.boolean()),
  runAsUser: opt(uid),
  runAsGroup: opt(uid),
  privileged: opt(fc.boolean()),
  allowPrivilegeEscalation: opt(fc.boolean()),
  readOnlyRootFilesystem: opt(fc.boolean()),
  capabilities: opt(caps),
  seccompProfile: opt(seccomp),
}));

const image = fc.constantFrom(
  'registry.example.com/app:1.4.2', 'registry.example.com/app:latest', 'registry.example.com/app', 'nginx:1.27',
  'nginx', `registry.example.com/app@sha256:${'a'.repeat(64)}`, `registry.example.com/app:1.4.2@sha256:${'b'.repeat(64)}`);

const resources = opt(fc.record({
  requests: opt(fc.record({ 'cpu': opt(fc.constant('100m')), 'memory': opt(fc.constant('128Mi')), 'ephemeral-storage': opt(fc.constant('1Gi')) })),
  limits: opt(fc.record({ 'cpu': opt(fc.constant('500m')), 'memory': opt(fc.constant('256Mi')), 'ephemeral-storage': opt(fc.constant('2Gi')) })),
}));

const probe = (port: number) => opt(fc.constantFrom<any>(
  { tcpSocket: { port }, periodSeconds: 10 }, { httpGet: { path: '/healthz', port }, periodSeconds: 10 }, { exec: { command: ['true'] } }));

const container = (name: string) => fc.record({
  name: fc.constant(name),
  image,
  imagePullPolicy: opt(fc.constantFrom('Always', 'IfNotPresent', 'Never')),
  ports: opt(fc.constantFrom<any>([{ containerPort: 8080 }], [{ containerPort: 8080, hostPort: 8080 }], [{ containerPort: 22 }])),
  securityContext: containerSecurityContext,
  resources,
  readinessProbe: probe(8080),
  livenessProbe: probe(8080),
});

const volumes = opt(fc.constantFrom<any>(
  [{ name: 'tmp', emptyDir: {} }], [{ name: 'host', hostPath: { path: '/var/log' } }], [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
  [{ name: 'cfg', configMap: { name: 'cfg' } }]));

const podSpec = (app: string) => fc.record({
  containers: fc.oneof(
    { weight: 4, arbitrary: container('main').map(c => [c]) },
    { weight: 1, arbitrary: fc.tuple(container('main'), container('sidecar')).map(([a, b]) => [a, b]) }),
  initContainers: opt(container('init').map(c => [c])),
  securityContext: podSecurityContext,
  serviceAccountName: opt(fc.constantFrom('default', app)),
  automountServiceAccountToken: opt(fc.boolean()),
  hostNetwork: opt(fc.boolean()),
  hostPID: opt(fc.boolean()),
  hostIPC: opt(fc.boolean()),
  volumes,
});

const pod = (app: string) => fc.record({ metadata: fc.constant({ labels: { app } }), spec: podSpec(app) });

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

/** One pod-bearing workload named `app` in `ns`, its pods labelled `app: <app>`. */
function workload(ns: string, app: string): fc.Arbitrary<Manifest> {
  return fc.tuple(fc.constantFrom(...KINDS), pod(app), fc.constantFrom(undefined, 1, 3)).map(([kind, template, replicas]) => {
    const metadata = { name: app, namespace: ns, labels: { app } };
    const selector = { matchLabels: { app } };
    const spec = template.spec as any;
    switch (kind) {
      case 'Pod': return { apiVersion: 'v1', kind, metadata, spec };
      case 'Deployment': return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas, selector, template } };
      case 'StatefulSet': return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas, serviceName: app, selector, template } };
      case 'DaemonSet': return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, template } };
      case 'Job': return { apiVersion: 'batch/v1', kind, metadata, spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } };
      default: return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...spec, restartPolicy: 'OnFailure' } } } } },
      };
    }
  });
}

const service = (ns: string, app: string) => fc.record({
  matches: fc.boolean(), type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'), port: fc.constantFrom(80, 22, 8080),
}).map(({ matches, type, port }) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: app, namespace: ns },
  spec: { type, selector: { app: matches ? app : `${app}-other` }, ports: [{ port, targetPort: 8080 }] },
}));

const networkPolicy = (ns: string, app: string) => fc.constantFrom<any>(
  { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  { podSelector: { matchLabels: { app } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
  { podSelector: { matchLabels: { app } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
).map(spec => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `${app}-np`, namespace: ns }, spec }));

const policyRule = fc.record({
  apiGroups: fc.constantFrom([''], ['apps'], ['*'], ['rbac.authorization.k8s.io']),
  resources: fc.constantFrom(['pods'], ['secrets'], ['configmaps'], ['*'], ['pods/exec'], ['deployments'], ['roles', 'rolebindings'], ['nodes/proxy']),
  verbs: fc.constantFrom(['get', 'list', 'watch'], ['get'], ['create', 'update', 'patch', 'delete'], ['*'], ['escalate', 'bind'], ['impersonate']),
});

const role = (ns: string, app: string) => fc.tuple(fc.boolean(), fc.array(policyRule, { minLength: 1, maxLength: 3 }))
  .map(([cluster, rules]) => cluster
    ? { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `${ns}-${app}` }, rules }
    : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: app, namespace: ns }, rules });

/** A ServiceAccount and a RoleBinding of it to the case's role (a RoleBinding may grant a ClusterRole in its namespace). */
const binding = (ns: string, app: string, r: Manifest): Manifest[] => [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: app, namespace: ns } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: app, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: r.kind, name: r.metadata.name },
    subjects: [{ kind: 'ServiceAccount', name: app, namespace: ns }],
  },
];

const pdb = (ns: string, app: string) => fc.constantFrom<any>({ minAvailable: 1 }, { maxUnavailable: 1 }, { minAvailable: '100%' }, { maxUnavailable: 0 })
  .map(spec => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: app, namespace: ns }, spec: { ...spec, selector: { matchLabels: { app } } } }));

const hpa = (ns: string, w: Manifest) => fc.constantFrom(1, 2, 3).map(minReplicas => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: w.metadata.name, namespace: ns },
  spec: {
    scaleTargetRef: { apiVersion: w.apiVersion, kind: w.kind, name: w.metadata.name },
    minReplicas,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  },
}));

const ingress = (ns: string, app: string) => fc.record({ tls: fc.boolean(), backend: fc.constantFrom(app, 'missing') }).map(({ tls, backend }) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: app, namespace: ns },
  spec: {
    ...(tls ? { tls: [{ hosts: [`${app}.example.com`], secretName: `${app}-tls` }] } : {}),
    rules: [{ host: `${app}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: backend, port: { number: 80 } } } }] } }],
  },
}));

/** One generated case: a workload and some of the objects a chart puts beside it, all in namespace `dcase-<n>`. */
export function caseArbitrary(n: number): fc.Arbitrary<Manifest[]> {
  const ns = `dcase-${n}`;
  const app = `app${n}`;
  return workload(ns, app).chain(w => fc.record({
    service: opt(service(ns, app)),
    np: opt(networkPolicy(ns, app)),
    role: opt(role(ns, app)),
    pdb: opt(pdb(ns, app)),
    hpa: ['Deployment', 'StatefulSet'].includes(w.kind) ? opt(hpa(ns, w)) : fc.constant(undefined),
    ingress: opt(ingress(ns, app)),
  }).map(x => {
    const objects: Manifest[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, w];
    for (const o of [x.service, x.np, x.pdb, x.hpa, x.ingress]) if (o) objects.push(o as Manifest);
    if (x.role) objects.push(x.role as Manifest, ...binding(ns, app, x.role as Manifest));
    return objects.map(clean);
  }));
}

/** `count` generated cases from `seed` (the same seed and count give the same cases), numbered from `first`. */
export function generateCases(seed: number, count: number, first = 0): Manifest[][] {
  // One sample per case with a seed derived from the run's, so a case's objects do not depend on how many came before.
  return Array.from({ length: count }, (_, i) => fc.sample(caseArbitrary(first + i), { seed: seed + first + i, numRuns: 1 })[0]);
}

/**
 * Plain objects as a typical Helm chart writes them (no securityContext, no resources, a tag, the default
 * ServiceAccount), in namespace `dcase-<n>`: the corpus's fixed part, beside the generated cases.
 */
export function typicalChart(n: number): Manifest[] {
  const ns = `dcase-${n}`;
  const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: ns, labels } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'web',
            securityContext: {},
            containers: [{
              name: 'web',
              image: 'nginx:1.16.0',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 80 }],
              livenessProbe: { httpGet: { path: '/', port: 'http' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
              resources: {},
              securityContext: {},
            }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns, labels }, spec: { type: 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 'http', name: 'http' }] } },
  ];
}
