import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';
import { AVAILABILITY_RULES } from '../../src/rules/availability';
import { cronjobStartingDeadline } from '../../src/rules/availability/cronjob-starting-deadline';
import { deploymentReplicasWithHpa } from '../../src/rules/availability/deployment-replicas-with-hpa';
import { deploymentRollingUpdate } from '../../src/rules/availability/deployment-rolling-update';
import { hpaReplicas } from '../../src/rules/availability/hpa-replicas';
import { hpaTargetExists } from '../../src/rules/availability/hpa-target-exists';
import { jobTtlAfterFinished } from '../../src/rules/availability/job-ttl-after-finished';
import { pdbAllowsEviction } from '../../src/rules/availability/pdb-allows-eviction';
import { statefulsetServiceName } from '../../src/rules/availability/statefulset-service-name';
import { workloadDisruptionBudget } from '../../src/rules/availability/workload-disruption-budget';
import { workloadReplicas } from '../../src/rules/availability/workload-replicas';
import { workloadSelectorMatches } from '../../src/rules/availability/workload-selector-matches';
import { workloadTopologySpread } from '../../src/rules/availability/workload-topology-spread';
import { Manifest } from '../../src/rules/rule';

const replicated = (replicas: number | undefined, spec: Record<string, unknown> = {}, name = 'web', kind: 'Deployment' | 'StatefulSet' = 'Deployment') =>
  workload(kind, podSpec({}, spec), { name, spec: replicas === undefined ? {} : { replicas } });
const hpa = (target: string, spec: Record<string, unknown> = { minReplicas: 2, maxReplicas: 5 }, name = 'web-hpa'): Manifest =>
  object('HorizontalPodAutoscaler', name, { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...spec } }, 'shop', 'autoscaling/v2');
const pdb = (spec: Record<string, unknown>, name = 'web', namespace = 'shop'): Manifest => object('PodDisruptionBudget', name, { spec }, namespace, 'policy/v1');
const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] };
const headless = (name: string, clusterIP?: string) => object('Service', name, { spec: { ...(clusterIP ? { clusterIP } : {}), selector: { app: 'web' } } });
const statefulSet = (spec: Record<string, unknown>, name = 'db') => workload('StatefulSet', podSpec(), { name, spec });

const CASES: RuleCase[] = [
  {
    rule: workloadReplicas,
    compliant: [replicated(2), replicated(undefined, {}, 'scaled'), hpa('scaled')],
    nonCompliant: [replicated(undefined), replicated(1, {}, 'db', 'StatefulSet')],
    expected: [
      { message: 'Deployment leaves spec.replicas unset, so it runs 1 pod, and no HorizontalPodAutoscaler targets it', path: 'spec.replicas' },
      { message: 'StatefulSet runs 1 replica', path: 'spec.replicas' },
    ],
    notApplicable: [workload('DaemonSet', podSpec()), workload('Job', podSpec())],
  },
  {
    rule: workloadDisruptionBudget,
    compliant: [replicated(2), pdb({ maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } })],
    nonCompliant: [replicated(3), pdb({ maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }, 'web', 'other'), pdb({ maxUnavailable: 1 }, 'no-selector')],
    expected: [{ message: 'no PodDisruptionBudget in namespace "shop" selects the pods of Deployment "web"', path: 'spec.template.metadata.labels' }],
    // A single replica is workload-replicas' concern; DaemonSets are not judged.
    notApplicable: [replicated(1), workload('DaemonSet', podSpec())],
  },
  {
    rule: pdbAllowsEviction,
    compliant: [pdb({ maxUnavailable: 1 }), pdb({ minAvailable: '50%' }, 'half')],
    nonCompliant: [pdb({ maxUnavailable: 0 }), pdb({ minAvailable: '100%' }, 'all'), pdb({ selector: { matchLabels: { app: 'web' } } }, 'none')],
    expected: [
      { message: 'PodDisruptionBudget sets maxUnavailable=0, so no pod can ever be evicted', path: 'spec.maxUnavailable' },
      { message: 'PodDisruptionBudget sets minAvailable="100%", so no pod can ever be evicted', path: 'spec.minAvailable' },
      { message: 'PodDisruptionBudget sets neither maxUnavailable nor minAvailable', path: 'spec' },
    ],
    notApplicable: [replicated(2)],
  },
  {
    rule: workloadTopologySpread,
    compliant: [replicated(2, spread), replicated(2, { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } }, 'anti')],
    nonCompliant: [replicated(2)],
    expected: [{ message: 'Deployment runs several replicas but sets neither topologySpreadConstraints nor podAntiAffinity', path: 'spec.template.spec.topologySpreadConstraints' }],
    notApplicable: [replicated(1), workload('DaemonSet', podSpec())],
  },
  {
    rule: hpaReplicas,
    compliant: [hpa('web')],
    nonCompliant: [hpa('web', { maxReplicas: 1 })],
    expected: [
      { message: 'HorizontalPodAutoscaler leaves minReplicas unset (1), so it can scale to one pod', path: 'spec.minReplicas' },
      { message: 'HorizontalPodAutoscaler sets maxReplicas=1, not above minReplicas=1, so it never scales', path: 'spec.maxReplicas' },
    ],
    notApplicable: [replicated(1)],
  },
  {
    rule: hpaTargetExists,
    compliant: [hpa('web'), replicated(undefined)],
    nonCompliant: [hpa('api'), replicated(undefined)],
    expected: [{ message: 'scale target Deployment "api" is not in the audit (namespace "shop")', path: 'spec.scaleTargetRef' }],
    notApplicable: [replicated(undefined)],
  },
  {
    rule: deploymentReplicasWithHpa,
    compliant: [replicated(undefined), hpa('web')],
    nonCompliant: [replicated(3), hpa('web')],
    expected: [{ message: 'Deployment sets spec.replicas=3 but HorizontalPodAutoscaler "web-hpa" scales it', path: 'spec.replicas' }],
    notApplicable: [replicated(3)],
  },
  {
    rule: deploymentRollingUpdate,
    compliant: [workload('Deployment', podSpec(), { spec: { strategy: { type: 'RollingUpdate' } } })],
    nonCompliant: [workload('Deployment', podSpec(), { spec: { strategy: { type: 'Recreate' } } })],
    expected: [{ message: 'Deployment uses strategy.type=Recreate, so every rollout stops all pods first', path: 'spec.strategy.type' }],
    notApplicable: [statefulSet({ updateStrategy: { type: 'OnDelete' } })],
  },
  {
    rule: workloadSelectorMatches,
    compliant: [
      replicated(2),
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'rc' } }, spec: podSpec() } } },
    ],
    nonCompliant: [
      { ...replicated(2), spec: { ...replicated(2).spec, selector: { matchLabels: { app: 'api' } } } },
      { ...replicated(2, {}, 'db', 'StatefulSet'), spec: { template: replicated(2).spec.template } },
    ],
    expected: [
      { message: 'spec.selector does not match the labels of spec.template.metadata', path: 'spec.selector' },
      { message: 'StatefulSet has no spec.selector', path: 'spec.selector' },
    ],
    notApplicable: [workload('Job', podSpec())],
  },
  {
    rule: cronjobStartingDeadline,
    compliant: [workload('CronJob', podSpec(), { spec: { startingDeadlineSeconds: 300 } })],
    nonCompliant: [workload('CronJob', podSpec())],
    expected: [{ message: 'CronJob sets no spec.startingDeadlineSeconds', path: 'spec.startingDeadlineSeconds' }],
    notApplicable: [workload('Job', podSpec())],
  },
  {
    rule: jobTtlAfterFinished,
    compliant: [workload('Job', podSpec(), { spec: { ttlSecondsAfterFinished: 3600 } })],
    nonCompliant: [workload('Job', podSpec())],
    expected: [{ message: 'Job sets no spec.ttlSecondsAfterFinished, so it is never cleaned up', path: 'spec.ttlSecondsAfterFinished' }],
    // A CronJob's job template is cleaned up by the history limits.
    notApplicable: [workload('CronJob', podSpec())],
  },
  {
    rule: statefulsetServiceName,
    compliant: [statefulSet({ serviceName: 'db' }), headless('db', 'None')],
    nonCompliant: [statefulSet({}, 'a'), statefulSet({ serviceName: 'ghost' }, 'b'), statefulSet({ serviceName: 'web' }, 'c'), headless('web')],
    expected: [
      { message: 'StatefulSet sets no spec.serviceName', path: 'spec.serviceName' },
      { message: 'Service "ghost" is not in the audit (namespace "shop")', path: 'spec.serviceName' },
      { message: 'Service "web" is not headless (clusterIP is not "None")', path: 'spec.serviceName' },
    ],
    notApplicable: [replicated(2), headless('db', 'None')],
  },
];

describe('availability rules', () => {
  testMetadata('availability', AVAILABILITY_RULES, CASES);
  testRules(CASES);

  test('an HPA\'s minReplicas decides whether a workload counts as replicated', () => {
    const objects = [replicated(undefined), hpa('web', { minReplicas: 1, maxReplicas: 4 })];
    expect(findings(objects, [workloadDisruptionBudget, workloadTopologySpread])).toEqual([]);
    expect(findings([replicated(undefined), hpa('web', { minReplicas: 2, maxReplicas: 4 })], [workloadDisruptionBudget]).map(f => f.rule))
      .toEqual(['workload-disruption-budget']);
  });

  test('the library\'s hardened output gets no availability finding', () => {
    expect(findings(hardenedObjects(), AVAILABILITY_RULES)).toEqual([]);
  });
});
