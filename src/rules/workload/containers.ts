/**
 * What several workload rules read from a pod: which containers run, the effective security settings,
 * image references, probes and hostPath volumes.
 */
import { isImageProblem, parseImageReference } from '../../manifest/image-reference';
import { ContainerRef, containersOf, PodTemplate } from '../../manifest/pod-spec';
import { parseQuantity } from '../../manifest/quantity';
import { Violation } from '../rule';

/** Kinds whose pods may run continuously, so liveness and readiness matter (Jobs are left out; a bare Pod counts unless its restartPolicy says otherwise). */
export const LONG_RUNNING_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod'];

/** The probes a container can declare. */
export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** A list field of a manifest, or an empty list when it is absent or malformed. */
export function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Containers and init containers: ephemeral (debug) containers take no resources, ports or probes. */
export function podContainers(pod: PodTemplate): ContainerRef[] {
  return containersOf(pod).filter(c => !c.path.startsWith(`${pod.path}.ephemeralContainers[`));
}

/** The app containers only (`spec.containers`), without init and ephemeral containers. */
export function mainContainers(pod: PodTemplate): ContainerRef[] {
  return containersOf(pod).filter(c => c.path.startsWith(`${pod.path}.containers[`));
}

/**
 * Each of `resources` missing from `resources.<section>` of every container and init container. A quantity of zero
 * counts as missing (a limit of 0 is no limit at all, a request of 0 reserves nothing), and so does one the API server
 * cannot parse: either way the container runs unbounded.
 */
export function missingResources(pod: PodTemplate, section: 'requests' | 'limits', resources: readonly string[]): Violation[] {
  const noun = section === 'limits' ? 'limit' : 'request';
  return podContainers(pod).flatMap(c => resources.flatMap(r => {
    const raw = c.container.resources?.[section]?.[r];
    const path = `${c.path}.resources.${section}.${r}`;
    if (raw === undefined || raw === null) return [{ message: `${c.label} has no ${r} ${noun}`, path }];
    const value = parseQuantity(raw);
    if (value === undefined || value < 0) return [{ message: `${c.label} has ${r} ${noun} ${JSON.stringify(raw)}, which is not a valid Kubernetes quantity`, path }];
    if (value === 0) {
      return [{ message: `${c.label} has ${/^[aeiou]/.test(r) ? 'an' : 'a'} ${r} ${noun} of ${JSON.stringify(raw)}, which ${section === 'limits' ? 'means no limit at all' : 'reserves nothing'}`, path }];
    }
    return [];
  }));
}

/** A container that lacks `probe`, for the app containers of long-running kinds. */
export function missingProbe(pod: PodTemplate, probe: typeof PROBES[number]): Violation[] {
  // A bare Pod is long-running unless it says otherwise (restartPolicy defaults to Always); Never/OnFailure pods run to
  // completion, like Jobs, and a probe restarting them is no help. Workload controllers only allow Always.
  if ((pod.spec.restartPolicy ?? 'Always') !== 'Always') return [];
  return mainContainers(pod)
    .filter(c => c.container[probe] == null)
    .map(c => ({ message: `${c.label} has no ${probe}`, path: `${c.path}.${probe}` }));
}

/** The parts of an image reference the image rules read. */
export interface ImageRef {
  /** The tag, if the reference names one (`app:1.2` → `1.2`). */
  readonly tag?: string;
  /** The digest, if the reference is pinned by a well-formed one (`app@sha256:…`). */
  readonly digest?: string;
  /** Why a runtime would not pull the reference as written (then neither tag nor digest is trusted). */
  readonly problem?: string;
}

/** Splits an image reference with the same parser the constructs refuse with (manifest/image-reference.ts). */
export function parseImageRef(image: string): ImageRef {
  const ref = parseImageReference(image);
  return isImageProblem(ref) ? { problem: ref.problem } : { tag: ref.tag, digest: ref.digest };
}

/** Whether the image is pinned by a digest a runtime verifies: sha256/384/512 with the algorithm's length of lowercase hex. */
export function isDigestPinned(image: string): boolean {
  return parseImageRef(image).digest !== undefined;
}

/** Containers that name an image, with the image (containers without one are a schema error, not these rules' concern). */
export function imagesOf(pod: PodTemplate): Array<ContainerRef & { readonly image: string }> {
  return containersOf(pod).flatMap(c => typeof c.container.image === 'string' ? [{ ...c, image: c.container.image }] : []);
}

/** A security setting a container inherits from the pod unless it sets its own. */
export interface EffectiveSetting {
  readonly value: unknown;
  /** Where the value comes from, or where it belongs when neither sets it (the container's field). */
  readonly path: string;
  /** `pod` when inherited from the pod's securityContext. */
  readonly from: 'container' | 'pod' | 'unset';
}

/** The value a container runs with for `field`: its own securityContext first, then the pod's. */
export function effectiveSetting(pod: PodTemplate, c: ContainerRef, field: 'runAsUser' | 'runAsGroup'): EffectiveSetting {
  const own = (c.container.securityContext as Record<string, unknown> | undefined)?.[field];
  if (own != null) return { value: own, path: `${c.path}.securityContext.${field}`, from: 'container' };
  const inherited = (pod.spec.securityContext as Record<string, unknown> | undefined)?.[field];
  if (inherited != null) return { value: inherited, path: `${pod.path}.securityContext.${field}`, from: 'pod' };
  return { value: undefined, path: `${c.path}.securityContext.${field}`, from: 'unset' };
}

/** A hostPath volume of the pod. */
export interface HostPathVolume {
  readonly name: string;
  /** The node path, normalized: no trailing or doubled slashes. */
  readonly hostPath: string;
  /** Dotted path of the volume's `hostPath.path`. */
  readonly path: string;
}

/** Every hostPath volume of the pod. */
export function hostPathVolumes(pod: PodTemplate): HostPathVolume[] {
  const volumes = asList(pod.spec.volumes);
  return volumes.flatMap((volume, i) => {
    const raw = (volume?.hostPath as { path?: unknown } | undefined)?.path;
    if (typeof raw !== 'string') return [];
    const hostPath = raw.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    return [{ name: String(volume.name), hostPath, path: `${pod.path}.volumes[${i}].hostPath.path` }];
  });
}

/** Whether `path` is `dir` or lies below it. */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** The ServiceAccount a pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
export function serviceAccountOf(pod: PodTemplate): string {
  const name = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : 'default';
}
