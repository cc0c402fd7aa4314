import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { PolicyRules } from './policy-rules';

/** Common shape of the NetworkPolicies this library emits: always both policy types, so nothing is left open by omission. */
function policy(scope: Construct, id: string, name: string, namespace: string | undefined, labels: Record<string, string>, spec: unknown): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}), labels },
    spec,
  } as any);
}

/** Denies all ingress and egress for every pod of the namespace; other policies open what is declared. */
export function createDefaultDeny(scope: Construct, namespace: string, labels: Record<string, string>): ApiObject {
  return policy(scope, 'DefaultDeny', 'default-deny', namespace, labels, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
}

/**
 * A policy whose rules are the flows declared so far, rendered at synth time. `policyTypes` always names both
 * directions, so the selected pods get no ingress or egress beyond the rules.
 */
export function createRulesPolicy(
  scope: Construct, id: string, name: string, namespace: string | undefined, labels: Record<string, string>,
  podLabels: Record<string, string> | undefined, rules: PolicyRules,
): ApiObject {
  const object = policy(scope, id, name, namespace, labels, Lazy.any({
    produce: () => ({
      ...(rules.hasEgress ? { egress: rules.egressRules() } : {}),
      ...(rules.hasIngress ? { ingress: rules.ingressRules() } : {}),
      podSelector: podLabels ? { matchLabels: podLabels } : {},
      policyTypes: ['Ingress', 'Egress'],
    }),
  }));
  rules.bindAnnotations((key, value) => object.metadata.addAnnotation(key, value));
  return object;
}
