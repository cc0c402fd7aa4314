import { matchesSelector, PlainLabelSelector } from '../../core/label-selector';
import { Manifest } from '../rule';

/** The directions a NetworkPolicy isolates, with the API's defaulting: Ingress always, Egress when it has egress rules. */
export function policyTypes(policy: Manifest): Set<string> {
  const declared: string[] | undefined = policy.spec?.policyTypes;
  if (declared && declared.length) return new Set(declared);
  return new Set(policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** Whether `policy` selects pods with `labels` in `namespace`. */
export function selectsPod(policy: Manifest, namespace: string | undefined, labels: Record<string, string> | undefined): boolean {
  return policy.metadata?.namespace === namespace && matchesSelector(policy.spec?.podSelector as PlainLabelSelector | undefined, labels);
}
