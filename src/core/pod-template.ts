import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ApiAccess, apiAccessVolume } from './api-access';
import { buildContainer, BuiltContainer, checkIds, ContainerOptions, HardenedContainerProps, Protocol } from './container';
import { HardeningDefaults } from './defaults';
import { propError } from './errors';
import { IMAGE_POLICY_WAIVER_KIND, ImagePolicy, mergeImagePolicy } from './image';
import { checkDnsLabel, checkDurationSeconds } from './validation';
import { Waiver, WaiverKind, WaiverSet } from './waiver';
import { waiverKey } from '../manifest/exemption-keys';
import { sortKeys } from '../manifest/objects';
import { toolExemptionAnnotations } from '../manifest/tool-exemptions';

/** Records the justifications of variables read from Secrets (`EnvValue.fromSecretKey`), one key per container. */
const SECRET_ENV_KIND = 'secret-env';

/** A hardened pod: its main container inline, plus optional sidecars and init containers. */
export interface HardenedPodProps extends ContainerOptions {
  /** Image of the main container; a version tag or a digest, never `latest` or untagged. */
  readonly image: string;
  /**
   * Name of the main container.
   *
   * @default 'main'
   */
  readonly containerName?: string;
  /**
   * More containers running beside the main one, each hardened the same way.
   *
   * @default - none
   */
  readonly sidecars?: HardenedContainerProps[];
  /**
   * Containers that run to completion before the others start.
   *
   * @default - none
   */
  readonly initContainers?: HardenedContainerProps[];
  /**
   * Justified relaxations of hardened defaults, for the pod and the main container.
   * Each is recorded in an annotation of the workload.
   *
   * @default - none: fully hardened
   */
  readonly waivers?: Waiver[];
  /**
   * Group that owns mounted volumes; at least 10000 unless `Waiver.lowIds`.
   *
   * @default - `fsGroup` of HardeningDefaults (10001 unless set)
   */
  readonly fsGroup?: number;
  /**
   * Image policy for this workload's containers, over the one of HardeningDefaults (field by field).
   *
   * @default - the policy of HardeningDefaults
   */
  readonly imagePolicy?: ImagePolicy;
  /**
   * Time the pod gets to shut down gracefully.
   *
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Priority class of the pods.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * The main container talks to the Kubernetes API: it gets a short-lived projected token (plus the cluster CA and
   * namespace) at `/var/run/secrets/kubernetes.io/serviceaccount`, read-only. The legacy automounted token stays off.
   * Grant the ServiceAccount what the API calls need.
   *
   * @default - no token: the pod cannot authenticate to the API server
   */
  readonly apiAccess?: ApiAccess;
}

/** What a workload construct asks of the core. */
export interface PodIntent {
  readonly props: HardenedPodProps;
  /** Path of props in errors, e.g. `props`. */
  readonly prop: string;
  /** Labels of the pod, including `selector`. */
  readonly labels: Record<string, string>;
  /** Labels that select the pods (for topology spread). */
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  /** Long-running pods get probes, replicas ≥ 2 and topology spread; batch pods run to completion. */
  readonly role: 'long-running' | 'batch';
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** Requested replicas (long-running only). */
  readonly replicas?: number;
  /** Volumes the workload kind adds (e.g. a StatefulSet's claims), mounted into the main container. */
  readonly mainVolumeMounts?: Array<{ name: string; mountPath: string }>;
  /** Nodes the pods are pinned to (a namespace's compliance zone). */
  readonly placement?: {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: ReadonlyArray<Record<string, string>>;
  };
}

/** The hardened pod template and what the workload needs from it. */
export interface HardenedPod {
  readonly template: { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  /** `waiver.cdk8s-hardening.dev/*` annotations for the workload object. */
  readonly annotations: Record<string, string>;
  /** Every port of every container, for the Service. */
  readonly ports: Array<{ name: string; number: number; protocol: Protocol }>;
  /** Replicas to run (long-running only). */
  readonly replicas?: number;
  /** Version tag of the main image, if it has one. */
  readonly imageTag?: string;
}

/**
 * The pod-hardening core: turns workload intent into a hardened pod template.
 * Deployment, StatefulSet, Job and CronJob all come through here, so every default and refusal lives in one place.
 */
export function hardenPod(scope: IConstruct, intent: PodIntent): HardenedPod {
  const { props, prop } = intent;
  const defaults = HardeningDefaults._resolve(scope);
  // A workload's policy may narrow the platform's; widening it needs imagePolicy.justification, recorded below.
  const mergedPolicy = mergeImagePolicy(scope, `${prop}.imagePolicy`, defaults.imagePolicy, props.imagePolicy);
  const imagePolicy: ImagePolicy = mergedPolicy.policy;
  const mainName = props.containerName ?? 'main';
  const podWaivers = new WaiverSet(scope, `${prop}.waivers`, props.waivers ?? [], mainName, true);
  const containerRole = intent.role;

  const main = buildContainer(scope, prop, mainName, props.image, props, { defaults, imagePolicy, waivers: podWaivers, role: containerRole }, `${prop}.containerName`);
  const built: BuiltContainer[] = [main];
  const sidecarSets: WaiverSet[] = [];
  const build = (list: HardenedContainerProps[] | undefined, key: string, role: 'init' | 'long-running' | 'batch') => (list ?? []).map((c, i) => {
    const set = new WaiverSet(scope, `${prop}.${key}[${i}].waivers`, c.waivers ?? [], c.name, false);
    sidecarSets.push(set);
    return buildContainer(scope, `${prop}.${key}[${i}]`, c.name, c.image, c, { defaults, imagePolicy, waivers: set, role });
  });
  const sidecars = build(props.sidecars, 'sidecars', containerRole);
  const inits = build(props.initContainers, 'initContainers', 'init');
  built.push(...sidecars);

  const names = new Set<string>();
  for (const c of [...built, ...inits]) {
    const name = c.container.name as string;
    if (names.has(name)) throw propError(scope, prop, `container name "${name}" is used twice`, 'give every container, sidecar and init container its own name');
    names.add(name);
  }
  const ports = built.flatMap(c => c.ports);
  const portKeys = new Set<string>();
  for (const p of ports) {
    for (const key of [p.name, `${p.protocol}/${p.number}`]) {
      if (portKeys.has(key)) throw propError(scope, prop, `port ${key} is declared by two containers`, 'give each container its own port numbers and names');
      portKeys.add(key);
    }
  }

  const fsGroup = props.fsGroup ?? defaults.fsGroup;
  checkIds(scope, prop, { fsGroup }, podWaivers);
  const legacyToken = podWaivers.has(WaiverKind.SERVICE_ACCOUNT_TOKEN);
  if (props.apiAccess && legacyToken) {
    throw propError(scope, `${prop}.apiAccess`, 'apiAccess and Waiver.serviceAccountToken both mount a token at /var/run/secrets/kubernetes.io/serviceaccount',
      'keep apiAccess (short-lived token) and remove the waiver');
  }
  const api = props.apiAccess ? apiAccessVolume(scope, `${prop}.apiAccess`, props.apiAccess) : undefined;
  const hostPaths = podWaivers.take(WaiverKind.HOST_PATH);
  const hostVolumes = hostPaths.map((w, i) => ({ hostPath: { path: w.values[0], type: 'Directory' }, name: `host-path-${i}` }));
  const extraMounts = [
    ...(intent.mainVolumeMounts ?? []),
    ...hostPaths.map((w, i) => ({ mountPath: w.values[1], name: `host-path-${i}`, readOnly: true })),
    ...(api ? [api.mount] : []),
  ];
  if (extraMounts.length) {
    const mainContainer = main.container as { volumeMounts?: Array<{ mountPath: string }> };
    const mounts = [...(mainContainer.volumeMounts ?? []), ...extraMounts];
    const paths = new Set<string>();
    for (const m of mounts) {
      if (paths.has(m.mountPath)) throw propError(scope, prop, `two volumes are mounted at ${m.mountPath}`, 'mount each volume at its own path');
      paths.add(m.mountPath);
    }
    mainContainer.volumeMounts = mounts;
  }
  const volumes = [...built, ...inits].flatMap(c => c.volumes).concat(hostVolumes, api ? [api.volume] : []);

  const replicas = intent.role === 'long-running' ? resolveReplicas(scope, prop, intent.replicas, podWaivers) : undefined;
  if (props.priorityClassName !== undefined) checkDnsLabel(scope, `${prop}.priorityClassName`, props.priorityClassName);

  const spec: Record<string, unknown> = {
    automountServiceAccountToken: legacyToken,
    containers: built.map(c => c.container),
    enableServiceLinks: false,
    ...(podWaivers.has(WaiverKind.HOST_IPC) ? { hostIPC: true } : {}),
    ...(podWaivers.has(WaiverKind.HOST_NETWORK) ? { hostNetwork: true } : {}),
    ...(podWaivers.has(WaiverKind.HOST_PID) ? { hostPID: true } : {}),
    ...(inits.length ? { initContainers: inits.map(c => c.container) } : {}),
    ...(intent.placement ? { nodeSelector: { ...intent.placement.nodeSelector } } : {}),
    ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
    restartPolicy: intent.restartPolicy,
    securityContext: {
      appArmorProfile: { type: 'RuntimeDefault' },
      fsGroup,
      fsGroupChangePolicy: 'OnRootMismatch',
      runAsGroup: defaults.runAsGroup,
      runAsNonRoot: true,
      runAsUser: defaults.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    serviceAccountName: intent.serviceAccountName,
    terminationGracePeriodSeconds: props.terminationGracePeriod !== undefined
      ? checkDurationSeconds(scope, `${prop}.terminationGracePeriod`, props.terminationGracePeriod, 0, 'give a whole number of seconds, e.g. Duration.seconds(30)')
      : 30,
    ...(intent.placement ? { tolerations: intent.placement.tolerations.map(t => ({ ...t })) } : {}),
    ...(replicas !== undefined && replicas > 1 ? { topologySpreadConstraints: spreadConstraints(intent.selector) } : {}),
    ...(volumes.length ? { volumes } : {}),
  };

  podWaivers.checkAllUsed();
  sidecarSets.forEach(s => s.checkAllUsed());
  const annotations: Record<string, string> = {};
  for (const [key, value] of [podWaivers, ...sidecarSets].flatMap(s => s.annotations())) {
    annotations[key] = annotations[key] ? `${annotations[key]}\n${value}` : value;
  }
  if (mergedPolicy.widenings.length) annotations[waiverKey(IMAGE_POLICY_WAIVER_KIND)] = mergedPolicy.widenings.join('; ');
  // One key per container (`<container>.waiver.cdk8s-hardening.dev/secret-env`), so the engine scopes each justification to its container.
  for (const c of [...built, ...inits]) {
    if (c.secretEnv.length) annotations[waiverKey(SECRET_ENV_KIND, c.container.name as string)] = c.secretEnv.map(([variable, why]) => `${variable}: ${why}`).join('; ');
  }
  // The checkers' own exemption annotations for the same waivers, so a user's kube-score or Checkov run agrees.
  Object.assign(annotations, toolExemptionAnnotations(Object.entries(annotations)));
  return {
    template: { metadata: { labels: intent.labels }, spec },
    annotations: sortKeys(annotations),
    ports,
    replicas,
    imageTag: main.image.tag,
  };
}

function resolveReplicas(scope: IConstruct, prop: string, requested: number | undefined, waivers: WaiverSet): number {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw propError(scope, `${prop}.replicas`, `${requested} is not a positive integer`, 'use 2 or more (1 with Waiver.singleReplica)');
  }
  if (requested === undefined || requested >= 2) return requested ?? 2;
  if (!waivers.has(WaiverKind.SINGLE_REPLICA)) {
    throw propError(scope, `${prop}.replicas`, 'one replica leaves the service down during every node drain or failure', 'use 2 or more replicas, or add Waiver.singleReplica("<why>")');
  }
  return requested;
}

/** Spread replicas over nodes (hard) and zones (soft, so single-zone clusters still schedule). */
function spreadConstraints(selector: Record<string, string>) {
  return [
    { labelSelector: { matchLabels: selector }, maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
    { labelSelector: { matchLabels: selector }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
  ];
}
