/**
 * Builders for rules, so each rule file holds only its metadata and the one check that is its concern.
 */
import { POD_BEARING_KINDS, PodTemplate, podTemplateOf } from './pod-spec';
import { Manifest, References, Rule, RuleContext, RuleMetadata, toReferences, Violation } from './rule';

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
      return pod ? checkPod(pod, object, context) : [];
    },
  };
}

/** Kinds whose objects live in a namespace (everything this project checks except these cluster-scoped ones). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass',
  'CustomResourceDefinition', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'IngressClass', 'RuntimeClass', 'CSIDriver', 'APIService', 'ClusterPolicy', 'ClusterImagePolicy', 'ClusterSecretStore',
]);

export function isNamespaced(object: Manifest): boolean {
  return !CLUSTER_SCOPED.has(object.kind ?? '');
}
