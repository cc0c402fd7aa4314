/**
 * Finds the pod inside any pod-bearing object, so pod rules are written once against a pod spec
 * and report paths that point into the object the user actually wrote.
 */

import { Manifest } from './manifest';

/** Kinds that carry a pod template, and therefore pods. */
export const POD_BEARING_KINDS: readonly string[] = [
  'Pod',
  'PodTemplate',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
];

/** The fields of a container or pod security context that pod rules read. */
export interface SecurityContext {
  readonly privileged?: unknown;
  readonly allowPrivilegeEscalation?: unknown;
  readonly runAsNonRoot?: unknown;
  readonly runAsUser?: unknown;
  readonly procMount?: unknown;
  readonly capabilities?: { readonly add?: unknown[]; readonly drop?: unknown[] };
  readonly seccompProfile?: { readonly type?: unknown };
  readonly appArmorProfile?: { readonly type?: unknown };
  readonly seLinuxOptions?: { readonly type?: unknown; readonly user?: unknown; readonly role?: unknown };
  readonly windowsOptions?: { readonly hostProcess?: unknown };
  readonly sysctls?: ReadonlyArray<{ readonly name?: unknown }>;
  /** Any other field, for rules beyond the Pod Security Standards (readOnlyRootFilesystem, runAsGroup…). */
  readonly [field: string]: unknown;
}

/** A container, init container or ephemeral container, as far as pod rules read it. */
export interface Container {
  readonly name?: string;
  readonly securityContext?: SecurityContext;
  readonly [field: string]: any;
}

/** A pod spec, as far as pod rules read it. */
export interface PodSpec {
  readonly hostNetwork?: unknown;
  readonly hostPID?: unknown;
  readonly hostIPC?: unknown;
  readonly hostUsers?: unknown;
  readonly os?: { readonly name?: unknown };
  readonly securityContext?: SecurityContext;
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly ephemeralContainers?: readonly Container[];
  readonly volumes?: ReadonlyArray<{ readonly name?: string; readonly [source: string]: unknown }>;
  readonly [field: string]: any;
}

/** The pod found inside an object. */
export interface PodTemplate {
  readonly spec: PodSpec;
  /** The pod's metadata (annotations carry legacy AppArmor and seccomp settings); empty if absent. */
  readonly metadata: { readonly annotations?: Record<string, string>; readonly labels?: Record<string, string> };
  /** Dotted path of the pod spec inside the object, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Dotted path of the pod metadata inside the object, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

/** One container of a pod, with where it sits. */
export interface ContainerRef {
  readonly container: Container;
  /** Dotted path of the container, e.g. `spec.template.spec.initContainers[0]`. */
  readonly path: string;
  /** How messages name it, e.g. `container "app"` or `init container "setup"`. */
  readonly label: string;
}

// Where each kind keeps its pod template (the object holding `metadata` and `spec`); '' is the object itself.
const TEMPLATE_PATHS: Record<string, string> = {
  Pod: '',
  PodTemplate: 'template',
  Deployment: 'spec.template',
  StatefulSet: 'spec.template',
  DaemonSet: 'spec.template',
  ReplicaSet: 'spec.template',
  ReplicationController: 'spec.template',
  Job: 'spec.template',
  CronJob: 'spec.jobTemplate.spec.template',
};

/** The pod inside a pod-bearing object, or undefined for other kinds or a template without a spec. */
// Every pod rule asks for the same object's pod and containers; objects are not mutated during an audit.
const podCache = new WeakMap<Manifest, PodTemplate | null>();
const containerCache = new WeakMap<PodTemplate, ContainerRef[]>();

export function podTemplateOf(object: Manifest): PodTemplate | undefined {
  let pod = podCache.get(object);
  if (pod === undefined) podCache.set(object, pod = findPodTemplate(object) ?? null);
  return pod ?? undefined;
}

function findPodTemplate(object: Manifest): PodTemplate | undefined {
  const templatePath = TEMPLATE_PATHS[object.kind ?? ''];
  if (templatePath === undefined) return undefined;
  let template: any = object;
  for (const key of templatePath ? templatePath.split('.') : []) template = template?.[key];
  if (!isObject(template?.spec)) return undefined;
  const prefix = templatePath ? `${templatePath}.` : '';
  return {
    spec: template.spec,
    metadata: isObject(template.metadata) ? template.metadata : {},
    path: `${prefix}spec`,
    metadataPath: `${prefix}metadata`,
  };
}

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'init container'],
  ['ephemeralContainers', 'ephemeral container'],
] as const;

/** Every container of the pod: containers, then init containers, then ephemeral containers. */
export function containersOf(pod: PodTemplate): ContainerRef[] {
  let refs = containerCache.get(pod);
  if (!refs) containerCache.set(pod, refs = findContainers(pod));
  return refs;
}

function findContainers(pod: PodTemplate): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const [field, noun] of CONTAINER_LISTS) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (!isObject(container)) return;
      refs.push({ container, path: `${pod.path}.${field}[${i}]`, label: `${noun} "${container.name ?? `#${i}`}"` });
    });
  }
  return refs;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
