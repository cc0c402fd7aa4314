import { WORKLOAD_RULES } from '../../src/rules/workload';
import { containerEnvDuplicate } from '../../src/rules/workload/container-env-duplicate';
import { containerEnvSecretLiteral } from '../../src/rules/workload/container-env-secret-literal';
import { containerEphemeralStorage } from '../../src/rules/workload/container-ephemeral-storage';
import { containerHighIds } from '../../src/rules/workload/container-high-ids';
import { containerImageDigest } from '../../src/rules/workload/container-image-digest';
import { containerImagePullPolicy } from '../../src/rules/workload/container-image-pull-policy';
import { containerImageRegistryDeprecated } from '../../src/rules/workload/container-image-registry-deprecated';
import { containerImageTag } from '../../src/rules/workload/container-image-tag';
import { containerLivenessProbe } from '../../src/rules/workload/container-liveness-probe';
import { containerPrivilegedPort } from '../../src/rules/workload/container-privileged-port';
import { containerProbePort } from '../../src/rules/workload/container-probe-port';
import { containerProbesIdentical } from '../../src/rules/workload/container-probes-identical';
import { containerReadOnlyRootFilesystem } from '../../src/rules/workload/container-read-only-root-filesystem';
import { containerReadinessProbe } from '../../src/rules/workload/container-readiness-probe';
import { containerResourceLimits } from '../../src/rules/workload/container-resource-limits';
import { containerResourceRequests } from '../../src/rules/workload/container-resource-requests';
import { containerRootGroup } from '../../src/rules/workload/container-root-group';
import { containerSecretEnv } from '../../src/rules/workload/container-secret-env';
import { containerSecurityContext } from '../../src/rules/workload/container-security-context';
import { podAutomountServiceAccountToken } from '../../src/rules/workload/pod-automount-service-account-token';
import { podContainerRuntimeSocket } from '../../src/rules/workload/pod-container-runtime-socket';
import { podDefaultServiceAccount } from '../../src/rules/workload/pod-default-service-account';
import { podDeprecatedServiceAccountField } from '../../src/rules/workload/pod-deprecated-service-account-field';
import { podHostAliases } from '../../src/rules/workload/pod-host-aliases';
import { podHostPathSensitive } from '../../src/rules/workload/pod-host-path-sensitive';
import { podHostPathWritable } from '../../src/rules/workload/pod-host-path-writable';
import { podNaked } from '../../src/rules/workload/pod-naked';
import { podServiceAccountExists } from '../../src/rules/workload/pod-service-account-exists';
import { IMAGE } from '../harness';
import { WORKLOAD_COVERAGE_CASES } from './coverage-cases';
import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';

const C = 'spec.template.spec.containers[0]';
const P = 'spec.template.spec';
const service = object('Service', 'web', { spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
const configMap = object('ConfigMap', 'settings', { data: { LOG_LEVEL: 'info' } });
const deploy = (container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => workload('Deployment', podSpec(container, spec));
const withImage = (...images: string[]) => workload('Deployment', { containers: images.map((image, i) => ({ name: `c${i}`, image })) });
const withVolume = (volume: Record<string, unknown>, mount: Record<string, unknown> = {}) =>
  deploy({ volumeMounts: [{ name: 'v', mountPath: '/data', ...mount }] }, { volumes: [{ name: 'v', ...volume }] });
const hostPaths = (...paths: string[]) => workload('Deployment', podSpec({}, { volumes: paths.map((path, i) => ({ name: `v${i}`, hostPath: { path } })) }));
const env = (...vars: Array<Record<string, unknown>>) => deploy({ env: vars });
const tcp = (port: number, periodSeconds: number) => ({ tcpSocket: { port }, periodSeconds });
const hostPathAt = (i: number) => `${P}.volumes[${i}].hostPath.path`;
const DIGEST = `registry.example.com/app@sha256:${'a'.repeat(64)}`;

const CASES: RuleCase[] = [
  {
    rule: containerSecurityContext,
    compliant: [deploy({ securityContext: { readOnlyRootFilesystem: true } }, { securityContext: { runAsNonRoot: true } })],
    nonCompliant: [deploy({ securityContext: {} })],
    expected: [
      { message: 'pod sets no securityContext', path: `${P}.securityContext` },
      { message: 'container "app" sets an empty securityContext', path: `${C}.securityContext` },
    ],
    notApplicable: [service],
  },
  {
    rule: containerReadOnlyRootFilesystem,
    compliant: [deploy({ securityContext: { readOnlyRootFilesystem: true } })],
    nonCompliant: [deploy({ securityContext: { readOnlyRootFilesystem: true } }, { initContainers: [{ name: 'setup', image: 'setup:1' }] })],
    expected: [{ message: 'init container "setup" does not set securityContext.readOnlyRootFilesystem=true', path: `${P}.initContainers[0].securityContext.readOnlyRootFilesystem` }],
    notApplicable: [configMap],
  },
  {
    rule: containerHighIds,
    compliant: [
      deploy({}, { securityContext: { runAsUser: 10001, runAsGroup: 10001 } }),
      deploy({ securityContext: { runAsUser: 20000, runAsGroup: 10000 } }),
    ],
    nonCompliant: [workload('Pod', podSpec({ securityContext: {} }, { securityContext: { runAsUser: 1000 } }))],
    expected: [
      { message: 'container "app" runs with runAsUser=1000 (from the pod\'s securityContext), below 10000', path: 'spec.securityContext.runAsUser' },
      { message: 'container "app" has no runAsGroup (neither the container nor the pod sets one), so it runs with the image\'s group', path: 'spec.containers[0].securityContext.runAsGroup' },
    ],
    // Windows pods have no Linux UIDs.
    notApplicable: [deploy({}, { os: { name: 'windows' } })],
  },
  {
    rule: containerRootGroup,
    compliant: [deploy({ securityContext: { runAsGroup: 10001 } }, {
      securityContext: { runAsGroup: 10001, fsGroup: 10001, supplementalGroups: [10002] },
    })],
    nonCompliant: [deploy({ securityContext: { runAsGroup: 0 } }, { securityContext: { fsGroup: 0, supplementalGroups: [5, 0] } })],
    expected: [
      { message: 'pod sets securityContext.fsGroup=0', path: `${P}.securityContext.fsGroup` },
      { message: 'pod adds group 0 in securityContext.supplementalGroups', path: `${P}.securityContext.supplementalGroups[1]` },
      { message: 'container "app" sets securityContext.runAsGroup=0', path: `${C}.securityContext.runAsGroup` },
    ],
    // Unset groups are the image's; container-high-ids judges those.
    notApplicable: [deploy()],
  },
  {
    rule: containerResourceLimits,
    // Small but real limits, in every quantity spelling the API server reads: 1Mi, a bare number of bytes, an exponent, 1m of CPU.
    compliant: [deploy({ resources: { limits: { cpu: '500m', memory: '256Mi' } } }), deploy({ resources: { limits: { cpu: '1m', memory: '1Mi' } } }),
      deploy({ resources: { limits: { cpu: 0.5, memory: 1048576 } } }), deploy({ resources: { limits: { cpu: '1', memory: '1e6' } } })],
    // A limit of 0 is no limit at all (the kubelet sets no cgroup bound), however it is spelled; an unparseable one bounds nothing either.
    nonCompliant: [
      deploy({ resources: { limits: { cpu: '500m' } } }),
      deploy({ resources: { limits: { cpu: '500m', memory: '0' } } }),
      deploy({ resources: { limits: { cpu: '500m', memory: '0Ki' } } }),
      deploy({ resources: { limits: { cpu: 0, memory: 0 } } }),
      deploy({ resources: { limits: { cpu: '0m', memory: '256 Mi' } } }),
    ],
    expected: [
      { message: 'container "app" has no memory limit', path: `${C}.resources.limits.memory` },
      { message: 'container "app" has a memory limit of "0", which means no limit at all', path: `${C}.resources.limits.memory` },
      { message: 'container "app" has a memory limit of "0Ki", which means no limit at all', path: `${C}.resources.limits.memory` },
      { message: 'container "app" has a cpu limit of 0, which means no limit at all', path: `${C}.resources.limits.cpu` },
      { message: 'container "app" has a memory limit of 0, which means no limit at all', path: `${C}.resources.limits.memory` },
      { message: 'container "app" has a cpu limit of "0m", which means no limit at all', path: `${C}.resources.limits.cpu` },
      { message: 'container "app" has memory limit "256 Mi", which is not a valid Kubernetes quantity', path: `${C}.resources.limits.memory` },
    ],
    // Ephemeral (debug) containers cannot set resources.
    notApplicable: [deploy({ resources: { limits: { cpu: '1', memory: '1Gi' } } }, { ephemeralContainers: [{ name: 'debug', image: 'busybox:1' }] })],
  },
  {
    rule: containerResourceRequests,
    compliant: [deploy({ resources: { requests: { cpu: '100m', memory: '128Mi' } } }), deploy({ resources: { requests: { cpu: '.1', memory: '128M' } } })],
    nonCompliant: [deploy({ resources: { requests: { memory: '128Mi' } } }), deploy({ resources: { requests: { cpu: '100m', memory: '0Mi' } } })],
    expected: [
      { message: 'container "app" has no cpu request', path: `${C}.resources.requests.cpu` },
      { message: 'container "app" has a memory request of "0Mi", which reserves nothing', path: `${C}.resources.requests.memory` },
    ],
    notApplicable: [deploy({ resources: { requests: { cpu: '1', memory: '1Gi' } } }, { ephemeralContainers: [{ name: 'debug', image: 'busybox:1' }] })],
  },
  {
    rule: containerEphemeralStorage,
    compliant: [deploy({ resources: { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '2Gi' } } })],
    nonCompliant: [deploy({ resources: { requests: { 'ephemeral-storage': '1Gi' } } }), deploy({ resources: { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '0' } } })],
    expected: [
      { message: 'container "app" has no ephemeral-storage limit', path: `${C}.resources.limits.ephemeral-storage` },
      { message: 'container "app" has an ephemeral-storage limit of "0", which means no limit at all', path: `${C}.resources.limits.ephemeral-storage` },
    ],
    notApplicable: [service],
  },
  {
    rule: containerImageTag,
    compliant: [withImage('registry.example.com/app:1.0', 'localhost:5000/app:2', `app:latest@sha256:${'b'.repeat(64)}`, DIGEST)],
    // A malformed digest pins nothing, so the "latest" tag beside it counts again.
    nonCompliant: [withImage('nginx', 'localhost:5000/app', 'nginx:latest', `app:latest@sha256:${'b'.repeat(63)}`)],
    expected: [
      { message: 'container "c0" uses image "nginx" without a tag, which means "latest"', path: 'spec.template.spec.containers[0].image' },
      { message: 'container "c1" uses image "localhost:5000/app" without a tag', path: 'spec.template.spec.containers[1].image' },
      { message: 'container "c2" uses image "nginx:latest" with the "latest" tag', path: 'spec.template.spec.containers[2].image' },
      { message: /container "c3" uses image .*, which is not a valid reference: .*63 hex digits instead of 64/, path: 'spec.template.spec.containers[3].image' },
    ],
    notApplicable: [configMap],
  },
  {
    rule: containerImagePullPolicy,
    compliant: [workload('Deployment', {
      containers: [
        { name: 'tagged', image: 'app:1.0', imagePullPolicy: 'Always' },
        { name: 'pinned', image: DIGEST, imagePullPolicy: 'IfNotPresent' },
        { name: 'pinned-default', image: DIGEST },
        { name: 'untagged-default', image: 'app' },
      ],
    })],
    nonCompliant: [workload('Deployment', {
      containers: [
        { name: 'a', image: 'app:1.0' },
        { name: 'b', image: 'app:1.0', imagePullPolicy: 'IfNotPresent' },
        { name: 'c', image: DIGEST, imagePullPolicy: 'Never' },
      ],
    })],
    expected: [
      { message: 'container "a" leaves imagePullPolicy unset, which defaults to IfNotPresent for image "app:1.0"', path: 'spec.template.spec.containers[0].imagePullPolicy' },
      { message: 'container "b" sets imagePullPolicy=IfNotPresent for image "app:1.0", which is not pinned by digest', path: 'spec.template.spec.containers[1].imagePullPolicy' },
      { message: 'container "c" sets imagePullPolicy=Never', path: 'spec.template.spec.containers[2].imagePullPolicy' },
    ],
    notApplicable: [service],
  },
  {
    rule: containerImageDigest,
    // The same digests the constructs accept: sha256, sha384 and sha512 at their lengths, lowercase.
    compliant: [withImage(IMAGE, `app@sha384:${'c'.repeat(96)}`, `app:1.2@sha512:${'d'.repeat(128)}`)],
    nonCompliant: [withImage('registry.example.com/app:1.0', 'app@sha256:short', `app@sha256:${'A'.repeat(64)}`, `app@sha512:${'a'.repeat(64)}`, `app@md5:${'a'.repeat(32)}`, `app@sha256:${'a'.repeat(40)}`)],
    expected: [
      { message: 'container "c0" uses image "registry.example.com/app:1.0", which is not pinned by digest', path: 'spec.template.spec.containers[0].image' },
      { message: 'container "c1" uses image "app@sha256:short"', path: 'spec.template.spec.containers[1].image' },
      { message: /c2.*not pinned by a valid digest: .*uppercase hex/, path: 'spec.template.spec.containers[2].image' },
      { message: /c3.*64 hex digits instead of 128/, path: 'spec.template.spec.containers[3].image' },
      { message: /c4.*"md5" is not one runtimes verify/, path: 'spec.template.spec.containers[4].image' },
      { message: /c5.*40 hex digits instead of 64/, path: 'spec.template.spec.containers[5].image' },
    ],
    notApplicable: [service],
  },
  {
    rule: containerImageRegistryDeprecated,
    compliant: [withImage('registry.k8s.io/pause:3.9')],
    nonCompliant: [withImage('k8s.gcr.io/pause:3.9')],
    expected: [{ message: 'container "c0" pulls "k8s.gcr.io/pause:3.9" from the frozen k8s.gcr.io registry; use registry.k8s.io', path: 'spec.template.spec.containers[0].image' }],
    notApplicable: [service],
  },
  {
    rule: containerLivenessProbe,
    compliant: [deploy({ livenessProbe: tcp(8080, 20) }, { initContainers: [{ name: 'setup', image: 'setup:1' }] })],
    nonCompliant: [workload('DaemonSet', podSpec({ readinessProbe: tcp(8080, 10) }))],
    expected: [{ message: 'container "app" has no livenessProbe', path: `${C}.livenessProbe` }],
    notApplicable: [workload('Job', podSpec()), workload('Pod', { ...podSpec(), restartPolicy: 'Never' }), workload('CronJob', podSpec())],
  },
  {
    rule: containerReadinessProbe,
    compliant: [workload('StatefulSet', podSpec({ readinessProbe: tcp(8080, 10) }))],
    nonCompliant: [workload('ReplicaSet', podSpec({ livenessProbe: tcp(8080, 20) }))],
    expected: [{ message: 'container "app" has no readinessProbe', path: `${C}.readinessProbe` }],
    notApplicable: [workload('Job', podSpec()), workload('Pod', { ...podSpec(), restartPolicy: 'OnFailure' }), workload('CronJob', podSpec())],
  },
  {
    rule: containerProbesIdentical,
    compliant: [deploy({ livenessProbe: tcp(8080, 20), readinessProbe: tcp(8080, 10) })],
    nonCompliant: [deploy({ livenessProbe: { periodSeconds: 10, httpGet: { path: '/healthz', port: 8080 } }, readinessProbe: { httpGet: { port: 8080, path: '/healthz' }, periodSeconds: 10 } })],
    expected: [{ message: 'container "app" uses the same probe for readiness and liveness', path: `${C}.livenessProbe` }],
    notApplicable: [deploy({ readinessProbe: tcp(8080, 10) })],
  },
  {
    rule: containerProbePort,
    compliant: [deploy({ ports: [{ containerPort: 8080, name: 'http' }], livenessProbe: { httpGet: { path: '/', port: 'http' } }, readinessProbe: tcp(8080, 10) })],
    nonCompliant: [deploy({ ports: [{ containerPort: 8080, name: 'http' }], livenessProbe: { httpGet: { path: '/', port: 'metrics' } }, startupProbe: { grpc: { port: 9090 } } })],
    expected: [
      { message: 'container "app"\'s livenessProbe targets port name "metrics", which the container does not declare', path: `${C}.livenessProbe.httpGet.port` },
      { message: 'container "app"\'s startupProbe targets port 9090, which the container does not declare', path: `${C}.startupProbe.grpc.port` },
    ],
    notApplicable: [deploy({ livenessProbe: { exec: { command: ['true'] } } })],
  },
  {
    rule: containerPrivilegedPort,
    compliant: [deploy({ ports: [{ containerPort: 8080 }] })],
    nonCompliant: [deploy({ ports: [{ containerPort: 8080 }, { containerPort: 80, name: 'http' }] })],
    expected: [{ message: 'container "app" declares privileged port 80', path: `${C}.ports[1].containerPort` }],
    // A Service may expose a low port: it maps to the container's high targetPort.
    notApplicable: [service],
  },
  {
    rule: containerEnvDuplicate,
    compliant: [env({ name: 'A', value: '1' }, { name: 'B', value: '2' })],
    nonCompliant: [env({ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: '3' })],
    expected: [{ message: 'container "app" declares env "A" more than once', path: `${C}.env[2].name` }],
    notApplicable: [configMap],
  },
  {
    rule: containerEnvSecretLiteral,
    compliant: [env(
      { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db/password' },
      { name: 'TOKEN_URL', value: 'https://auth.example.com/token' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'API_KEY', value: '' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    )],
    nonCompliant: [env(
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'TLS', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----' },
      { name: 'CLOUD', value: 'AKIAIOSFODNN7EXAMPLE' },
      { name: 'DATABASE_URL', value: 'postgres://app:s3cret@db:5432/app' },
    )],
    expected: [
      { message: 'container "app" env "DB_PASSWORD" is named like a credential and sets it as a literal value', path: `${C}.env[0].value` },
      { message: 'env "TLS" holds what looks like a private key', path: `${C}.env[1].value` },
      { message: 'env "CLOUD" holds what looks like an AWS access key id', path: `${C}.env[2].value` },
      { message: 'env "DATABASE_URL" holds what looks like a URL with a password', path: `${C}.env[3].value` },
    ],
    notApplicable: [configMap],
  },
  {
    rule: containerSecretEnv,
    compliant: [deploy({ volumeMounts: [{ name: 'db', mountPath: '/run/secrets/db', readOnly: true }] }, { volumes: [{ name: 'db', secret: { secretName: 'db' } }] })],
    nonCompliant: [deploy({ env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'api' } }] })],
    expected: [
      { message: 'container "app" env "DB_PASSWORD" reads Secret "db"', path: `${C}.env[0].valueFrom.secretKeyRef` },
      { message: 'container "app" loads every key of Secret "api" into its environment', path: `${C}.envFrom[1].secretRef` },
    ],
    notApplicable: [deploy({ env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }] })],
  },
  {
    rule: podHostPathSensitive,
    compliant: [hostPaths('/var/log/app', '/etcetera', '/run/xtables.lock')],
    nonCompliant: [hostPaths('/etc/', '/', '/home/admin/.aws/credentials', '/var/lib/kubelet/pki')],
    expected: [
      { message: 'volume "v0" mounts sensitive node path "/etc"', path: hostPathAt(0) },
      { message: 'volume "v1" mounts sensitive node path "/"', path: hostPathAt(1) },
      { message: 'volume "v2" mounts sensitive node path "/home/admin/.aws/credentials"', path: hostPathAt(2) },
      { message: 'volume "v3" mounts sensitive node path "/var/lib/kubelet/pki"', path: hostPathAt(3) },
    ],
    notApplicable: [withVolume({ emptyDir: {} })],
  },
  {
    rule: podContainerRuntimeSocket,
    compliant: [hostPaths('/run/xtables.lock', '/var/log')],
    nonCompliant: [hostPaths('/var/run/docker.sock', '/run/containerd', '/var/run', '/custom/crio.sock')],
    expected: [
      { message: 'volume "v0" mounts "/var/run/docker.sock", which is a container runtime socket', path: hostPathAt(0) },
      { message: 'volume "v1" mounts "/run/containerd", which holds a container runtime socket', path: hostPathAt(1) },
      { message: 'volume "v2" mounts "/var/run", which holds a container runtime socket', path: hostPathAt(2) },
      { message: 'volume "v3" mounts "/custom/crio.sock", which is a container runtime socket', path: hostPathAt(3) },
    ],
    notApplicable: [withVolume({ emptyDir: {} })],
  },
  {
    rule: podHostPathWritable,
    compliant: [withVolume({ hostPath: { path: '/var/log' } }, { readOnly: true })],
    nonCompliant: [withVolume({ hostPath: { path: '/var/log' } })],
    expected: [{ message: 'container "app" mounts hostPath "/var/log" (volume "v") writable', path: `${C}.volumeMounts[0].readOnly` }],
    notApplicable: [withVolume({ emptyDir: {} })],
  },
  {
    rule: podHostAliases,
    compliant: [deploy({}, { hostAliases: [] })],
    nonCompliant: [deploy({}, { hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.local', 'cache.local'] }] })],
    expected: [{ message: 'pod sets hostAliases for "db.local", "cache.local"', path: `${P}.hostAliases` }],
    notApplicable: [service],
  },
  {
    rule: podAutomountServiceAccountToken,
    compliant: [
      deploy({}, { automountServiceAccountToken: false }),
      workload('Job', podSpec({}, { serviceAccountName: 'batch' })),
      object('ServiceAccount', 'batch', { automountServiceAccountToken: false }),
    ],
    nonCompliant: [
      workload('Deployment', podSpec({}, { automountServiceAccountToken: true }), { name: 'a' }),
      workload('Deployment', podSpec({}, { serviceAccountName: 'api' }), { name: 'b' }),
      object('ServiceAccount', 'api'),
      workload('Deployment', podSpec({}, { serviceAccountName: 'ghost' }), { name: 'c' }),
    ],
    expected: [
      { message: 'pod sets automountServiceAccountToken=true', path: `${P}.automountServiceAccountToken` },
      { message: 'pod leaves automountServiceAccountToken unset and its ServiceAccount "api" does not set it to false, so the token is mounted', path: `${P}.automountServiceAccountToken` },
      { message: 'its ServiceAccount "ghost" is not in the audit', path: `${P}.automountServiceAccountToken` },
    ],
    notApplicable: [object('ServiceAccount', 'api'), service],
  },
  {
    rule: podDefaultServiceAccount,
    compliant: [deploy({}, { serviceAccountName: 'api' }), workload('Pod', podSpec({}, { serviceAccount: 'legacy' }))],
    nonCompliant: [workload('Deployment', podSpec(), { name: 'a' }), workload('Deployment', podSpec({}, { serviceAccountName: 'default' }), { name: 'b' })],
    expected: [
      { message: 'pod names no ServiceAccount, so it runs as "default"', path: `${P}.serviceAccountName` },
      { message: 'pod runs as the "default" ServiceAccount', path: `${P}.serviceAccountName` },
    ],
    notApplicable: [configMap, object('ServiceAccount', 'default')],
  },
  {
    rule: podDeprecatedServiceAccountField,
    compliant: [deploy({}, { serviceAccountName: 'api' })],
    nonCompliant: [deploy({}, { serviceAccount: 'api' })],
    expected: [{ message: 'pod sets the deprecated serviceAccount field ("api"); use serviceAccountName', path: `${P}.serviceAccount` }],
    notApplicable: [service],
  },
  {
    rule: podServiceAccountExists,
    compliant: [deploy({}, { serviceAccountName: 'api' }), object('ServiceAccount', 'api')],
    nonCompliant: [deploy({}, { serviceAccountName: 'api' }), object('ServiceAccount', 'api', {}, 'other')],
    expected: [{ message: 'ServiceAccount "api" is not in the audit (namespace "shop")', path: `${P}.serviceAccountName` }],
    // `default` exists in every namespace; pod-default-service-account judges its use.
    notApplicable: [deploy()],
  },
  {
    rule: podNaked,
    compliant: [{ ...workload('Pod', podSpec()), metadata: { name: 'web-7d9f', namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: true }] } }],
    nonCompliant: [workload('Pod', podSpec())],
    expected: [{ message: 'Pod "web" has no controller', path: 'kind' }],
    notApplicable: [deploy()],
  },
];

describe('workload rules', () => {
  testMetadata('workload', WORKLOAD_RULES, [...CASES, ...WORKLOAD_COVERAGE_CASES]);
  testRules(CASES);

  test('no finding ever prints a credential it found', () => {
    const secret = 'hunter2-very-secret';
    const messages = findings([env({ name: 'DB_PASSWORD', value: secret }, { name: 'X', value: `postgres://u:${secret}@db/app` })], WORKLOAD_RULES).map(f => f.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toContain(secret);
  });

  test('a bare Pod is long-running unless its restartPolicy says otherwise, so it needs both probes', () => {
    const probes = [containerLivenessProbe, containerReadinessProbe];
    expect(findings([workload('Pod', podSpec())], probes).map(f => `${f.rule}: ${f.path}`)).toEqual([
      'container-liveness-probe: spec.containers[0].livenessProbe',
      'container-readiness-probe: spec.containers[0].readinessProbe',
    ]);
    expect(findings([workload('Pod', { ...podSpec(), restartPolicy: 'Always' })], probes)).toHaveLength(2);
    expect(findings([workload('Pod', { ...podSpec(), restartPolicy: 'Never' })], probes)).toEqual([]);
  });

  /** Rules the hardened constructs do not satisfy by default, and why. */
  const NOT_PROMISED: Record<string, string> = {
    'container-image-digest': 'a version tag is accepted unless imagePolicy.requireDigest is set (IMAGE here is digest-pinned, so it passes)',
    'pod-priority-class': 'priority classes are the cluster\'s own scheduling policy; the constructs set none',
  };

  test('the library\'s hardened output gets no workload finding beyond the rules it does not promise', () => {
    const fired = findings(hardenedObjects(), WORKLOAD_RULES);
    expect(fired.filter(f => !(f.rule in NOT_PROMISED))).toEqual([]);
    // Only the scheduling-policy rule fires (IMAGE is digest-pinned); packs.ts NOT_HARDENED lists it with the same reason.
    expect([...new Set(fired.map(f => f.rule))]).toEqual(['pod-priority-class']);
  });
});
