import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { findings } from './rule-cases';
import { AVAILABILITY_RULES } from '../../src/rules/availability';
import { HYGIENE_RULES } from '../../src/rules/hygiene';
import { NETWORK_RULES } from '../../src/rules/network';
import { SECRETS_RULES } from '../../src/rules/secrets';
import { WORKLOAD_RULES } from '../../src/rules/workload';

test('a cdk8s-plus-28 Deployment with defaults gets the findings it really has', () => {
  const chart = new Chart(Testing.app(), 'plus');
  new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
  const objects = Testing.synth(chart);
  const rules = [...WORKLOAD_RULES, ...AVAILABILITY_RULES, ...NETWORK_RULES, ...SECRETS_RULES, ...HYGIENE_RULES];
  const C = 'spec.template.spec.containers[0]';
  // cdk8s-plus sets requests and limits (1000m/512Mi, 1500m/2048Mi), runAsNonRoot, a read-only root filesystem, no privilege
  // escalation, imagePullPolicy Always, automountServiceAccountToken false and 2 replicas; what it leaves out is below.
  expect(findings(objects, rules).map(f => `${f.rule} ${f.path}`)).toEqual([
    `container-high-ids ${C}.securityContext.runAsUser`,
    `container-high-ids ${C}.securityContext.runAsGroup`,
    `container-ephemeral-storage ${C}.resources.requests.ephemeral-storage`,
    `container-ephemeral-storage ${C}.resources.limits.ephemeral-storage`,
    `container-image-digest ${C}.image`,
    // It adds a startup probe on the port, but no liveness or readiness probe.
    `container-liveness-probe ${C}.livenessProbe`,
    `container-readiness-probe ${C}.readinessProbe`,
    'pod-default-service-account spec.template.spec.serviceAccountName',
    'pod-priority-class spec.template.spec.priorityClassName',
    'workload-disruption-budget spec.template.metadata.labels',
    'workload-topology-spread spec.template.spec.topologySpreadConstraints',
    'pod-network-policy spec.template.metadata.labels',
    'pod-network-policy spec.template.metadata.labels',
    'object-default-namespace metadata.namespace',
    'recommended-labels metadata.labels["app.kubernetes.io/name"]',
    'recommended-labels spec.template.metadata.labels["app.kubernetes.io/name"]',
  ]);
});
