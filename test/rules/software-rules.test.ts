import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';
import { SOFTWARE_RULES } from '../../src/rules/software';
import { containerSudo } from '../../src/rules/software/container-sudo';
import { kubernetesDashboardDeployed } from '../../src/rules/software/kubernetes-dashboard-deployed';
import { tillerDeployed } from '../../src/rules/software/tiller-deployed';

const C = 'spec.template.spec.containers[0]';
const deploy = (container: Record<string, unknown>) => workload('Deployment', podSpec(container));

const CASES: RuleCase[] = [
  {
    rule: tillerDeployed,
    compliant: [deploy({ image: 'alpine/helm:3.14.0' })],
    nonCompliant: [deploy({ image: 'gcr.io/kubernetes-helm/tiller:v2.16.1' })],
    expected: [{ message: 'runs the Tiller image', path: `${C}.image` }],
    notApplicable: [object('ConfigMap', 'tiller', { data: { image: 'tiller' } })],
  },
  {
    rule: containerSudo,
    compliant: [deploy({ command: ['sh', '-c', 'pseudo-random --seed 1'] })],
    nonCompliant: [deploy({ command: ['sh', '-c', 'sudo -u app ./start'], args: ['sudo'] })],
    expected: [
      { message: 'runs sudo in its command', path: `${C}.command[2]` },
      { message: 'runs sudo in its args', path: `${C}.args[0]` },
    ],
    notApplicable: [object('ConfigMap', 'cmd', { data: { run: 'sudo ls' } })],
  },
  {
    rule: kubernetesDashboardDeployed,
    // `k8s-app` is read only when `app` is absent, as Checkov does.
    compliant: [deploy({ image: 'grafana/grafana:10.4.0' }), workload('Deployment', podSpec(), { metadata: { labels: { 'app': 'web', 'k8s-app': 'kubernetes-dashboard' } } })],
    nonCompliant: [workload('Deployment', podSpec({ image: 'docker.io/kubernetesui/dashboard:v2.7.0' }), { metadata: { labels: { 'k8s-app': 'kubernetes-dashboard' } } })],
    expected: [
      { message: 'labelled k8s-app=kubernetes-dashboard', path: 'metadata.labels.k8s-app' },
      { message: 'runs the Dashboard image', path: `${C}.image` },
    ],
    notApplicable: [object('Service', 'kubernetes-dashboard', { metadata: { name: 'kubernetes-dashboard', namespace: 'shop', labels: { app: 'kubernetes-dashboard' } } })],
  },
];

describe('software rules', () => {
  testMetadata('software', SOFTWARE_RULES, CASES);
  testRules(CASES);

  test('the library\'s hardened output gets no software finding', () => {
    expect(findings(hardenedObjects(), SOFTWARE_RULES)).toEqual([]);
  });
});
