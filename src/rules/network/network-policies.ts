import { PlainLabelSelector } from '../../manifest/label-selector';
import { IndexedPod, ObjectIndex } from '../object-index';
import { Manifest } from '../rule';

/** The directions a NetworkPolicy isolates, with the API's defaulting: Ingress always, Egress when it has egress rules. */
export function policyTypes(policy: Manifest): Set<string> {
  const declared: string[] | undefined = policy.spec?.policyTypes;
  if (declared && declared.length) return new Set(declared);
  return new Set(policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** A policy's podSelector; the API decodes a missing one as the empty selector, which selects every pod of the namespace. */
export function podSelectorOf(policy: Manifest): PlainLabelSelector {
  return policy.spec?.podSelector ?? {};
}

/** Whether `policy` selects every pod of its namespace (an empty podSelector). */
export function selectsAllPods(policy: Manifest): boolean {
  const selector = podSelectorOf(policy);
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** How many pod templates of objects that run pods (a bare PodTemplate object runs none) are in `namespace`. */
export function runningPodCount(index: ObjectIndex, namespace: string | undefined): number {
  return index.podsIn(namespace).filter(p => p.object.kind !== 'PodTemplate').length;
}

/** Pod templates of objects that run pods (a bare PodTemplate object runs none) in `namespace` that `selector` selects. */
export function runningPodsSelectedBy(index: ObjectIndex, namespace: string | undefined, selector: PlainLabelSelector): IndexedPod[] {
  return index.podsSelectedBy(namespace, selector).filter(p => p.object.kind !== 'PodTemplate');
}

/** The NetworkPolicies of `namespace` that select a pod with `labels`. */
export function policiesSelecting(index: ObjectIndex, namespace: string | undefined, labels: Record<string, string> | undefined): Manifest[] {
  return index.selecting('NetworkPolicy', 'spec.podSelector', podSelectorOf, namespace, labels);
}
