/**
 * Builders for rules, so each rule file holds only its metadata and the one check that is its concern.
 */
import { Manifest, References, Rule, RuleContext, RuleMetadata, toReferences, Violation } from './rule';
import { containersOf, POD_BEARING_KINDS, PodTemplate, podTemplateOf } from '../manifest/pod-spec';

/** A rule over whole objects of the kinds it names. */
export interface ObjectRuleProps extends Omit<RuleMetadata, 'references'> {
  readonly references: References;
  check(object: Manifest, context: RuleContext): Violation[];
}

export function objectRule(props: ObjectRuleProps): Rule {
  const { references, ...rest } = props;
  return { ...rest, references: toReferences(references) };
}

/** A rule over the pod of any pod-bearing object (Pod, Deployment, CronJob…), with paths pointing into that object. */
export interface PodRuleProps extends Omit<RuleMetadata, 'references' | 'kinds'> {
  readonly references: References;
  /**
   * Kinds to check, a subset of the pod-bearing kinds.
   *
   * @default every pod-bearing kind
   */
  readonly kinds?: string[];
  checkPod(pod: PodTemplate, object: Manifest, context: RuleContext): Violation[];
}

export function podRule(props: PodRuleProps): Rule {
  const { references, checkPod, kinds, ...rest } = props;
  return {
    ...rest,
    kinds: kinds ?? [...POD_BEARING_KINDS],
    references: toReferences(references),
    check(object, context) {
      const pod = podTemplateOf(object);
      return pod ? inContainers(pod, checkPod(pod, object, context)) : [];
    },
  };
}

/**
 * The violations of a pod check, each naming the container its path points into (when it points into one), so
 * exemptions scoped to a container read that container from the violation instead of parsing paths or messages.
 */
export function inContainers(pod: PodTemplate, violations: Violation[]): Violation[] {
  if (violations.length === 0) return violations;
  const containers = containersOf(pod);
  return violations.map(v => {
    if (v.container !== undefined) return v;
    const c = containers.find(ref => v.path === ref.path || v.path.startsWith(`${ref.path}.`));
    const name = c?.container.name;
    return typeof name === 'string' ? { ...v, container: name } : v;
  });
}

/**
 * Kinds known to live in a namespace: the built-in ones and the custom resources this library emits.
 * Unknown kinds (a custom resource may be cluster-scoped, like cert-manager's ClusterIssuer) and files
 * that are not API objects (an audit Policy, an EncryptionConfiguration) are not judged.
 */
const NAMESPACED_KINDS = new Set([
  'Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'Service', 'Endpoints', 'EndpointSlice', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim',
  'Role', 'RoleBinding', 'NetworkPolicy', 'Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler',
  'ResourceQuota', 'LimitRange', 'Lease', 'Event', 'ControllerRevision',
  'ExternalSecret', 'SecretStore', 'SealedSecret', 'SecretProviderClass', 'PeerAuthentication', 'AuthorizationPolicy',
]);

export function isNamespaced(object: Manifest): boolean {
  return NAMESPACED_KINDS.has(object.kind ?? '');
}
