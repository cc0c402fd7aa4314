import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';
import { runAudit } from '../../src/rules/engine';
import { HYGIENE_RULES } from '../../src/rules/hygiene';
import { deprecatedApiVersion } from '../../src/rules/hygiene/deprecated-api-version';
import { namespaceLimitRange } from '../../src/rules/hygiene/namespace-limit-range';
import { namespacePssLabels } from '../../src/rules/hygiene/namespace-pss-labels';
import { namespacePssVersion } from '../../src/rules/hygiene/namespace-pss-version';
import { namespaceResourceQuota } from '../../src/rules/hygiene/namespace-resource-quota';
import { objectDefaultNamespace } from '../../src/rules/hygiene/object-default-namespace';
import { objectKubeSystem } from '../../src/rules/hygiene/object-kube-system';
import { recommendedLabels } from '../../src/rules/hygiene/recommended-labels';
import { Manifest } from '../../src/rules/rule';

const NAME = 'app.kubernetes.io/name';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const namespace = (name: string, labels?: Record<string, string>): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } });
const clusterRole = object('ClusterRole', 'reader', { rules: [] }, null, 'rbac.authorization.k8s.io/v1');
const as = (apiVersion: string, kind: string, name = 'x') => object(kind, name, { spec: {} }, 'shop', apiVersion);

const CASES: RuleCase[] = [
  {
    rule: objectDefaultNamespace,
    compliant: [workload('Deployment', podSpec()), namespace('shop'), clusterRole],
    nonCompliant: [workload('Deployment', podSpec(), { namespace: 'default' }), object('ConfigMap', 'settings', {}, null)],
    expected: [
      { message: 'Deployment is in the "default" namespace', path: 'metadata.namespace' },
      { message: 'ConfigMap names no namespace, so it lands in the namespace of the current kubectl context (often "default")', path: 'metadata.namespace' },
    ],
    // Cluster-scoped kinds have no namespace.
    notApplicable: [clusterRole, namespace('default')],
  },
  {
    rule: objectKubeSystem,
    compliant: [workload('Deployment', podSpec())],
    nonCompliant: [workload('DaemonSet', podSpec(), { namespace: 'kube-system' })],
    expected: [{ message: 'DaemonSet is deployed into kube-system', path: 'metadata.namespace' }],
    notApplicable: [object('ConfigMap', 'coredns', {}, 'kube-system')],
  },
  {
    rule: namespacePssLabels,
    compliant: [namespace('shop', { [ENFORCE]: 'restricted' }), namespace('legacy', { [ENFORCE]: 'baseline' })],
    nonCompliant: [namespace('shop'), namespace('ops', { [ENFORCE]: 'privileged' })],
    expected: [
      { message: `Namespace has no ${ENFORCE} label`, path: `metadata.labels["${ENFORCE}"]` },
      { message: `Namespace sets ${ENFORCE}="privileged", which enforces nothing`, path: `metadata.labels["${ENFORCE}"]` },
    ],
    notApplicable: [workload('Deployment', podSpec())],
  },
  {
    rule: namespacePssVersion,
    compliant: [
      namespace('shop', { [ENFORCE]: 'restricted', [`${ENFORCE}-version`]: 'v1.30', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest' }),
      namespace('unpinned', { [ENFORCE]: 'restricted' }),
    ],
    nonCompliant: [namespace('legacy', { [ENFORCE]: 'restricted', [`${ENFORCE}-version`]: 'v1.0', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.29' })],
    expected: [
      { message: 'enforce: "v1.0" is older than v1.30', path: `metadata.labels["${ENFORCE}-version"]` },
      { message: 'audit: "v1.29" is older than v1.30', path: 'metadata.labels["pod-security.kubernetes.io/audit-version"]' },
    ],
    // A version label whose mode is not set does nothing; other kinds carry no PSA labels.
    notApplicable: [namespace('off', { 'pod-security.kubernetes.io/warn-version': 'v1.0' }), workload('Deployment', podSpec())],
  },
  {
    rule: namespaceLimitRange,
    compliant: [namespace('shop'), object('LimitRange', 'defaults', { spec: { limits: [] } })],
    nonCompliant: [namespace('shop'), object('LimitRange', 'defaults', { spec: { limits: [] } }, 'other')],
    expected: [{ message: 'namespace "shop" has no LimitRange in the audit, so containers without resources get no defaults', path: 'metadata.name' }],
    // Only Namespace objects of the audit are judged.
    notApplicable: [workload('Deployment', podSpec())],
  },
  {
    rule: namespaceResourceQuota,
    compliant: [namespace('shop'), object('ResourceQuota', 'quota', { spec: { hard: { pods: '50' } } })],
    nonCompliant: [namespace('shop'), object('LimitRange', 'defaults', { spec: { limits: [] } })],
    expected: [{ message: 'namespace "shop" has no ResourceQuota in the audit, so nothing bounds what it consumes', path: 'metadata.name' }],
    notApplicable: [object('ResourceQuota', 'quota', { spec: {} })],
  },
  {
    rule: deprecatedApiVersion,
    compliant: [
      as('apps/v1', 'Deployment'), as('policy/v1', 'PodDisruptionBudget'), as('networking.k8s.io/v1', 'Ingress'),
      // Still a served beta for this kind: removals are per kind, not per group version.
      as('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy'),
    ],
    nonCompliant: [as('extensions/v1beta1', 'Ingress'), as('batch/v1beta1', 'CronJob'), as('apps/v1beta2', 'DaemonSet'), as('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')],
    expected: [
      { message: 'extensions/v1beta1 Ingress was removed in Kubernetes 1.22: use networking.k8s.io/v1', path: 'apiVersion' },
      { message: 'batch/v1beta1 CronJob was removed in Kubernetes 1.25: use batch/v1', path: 'apiVersion' },
      { message: 'apps/v1beta2 DaemonSet was removed in Kubernetes 1.16: use apps/v1', path: 'apiVersion' },
      { message: 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32', path: 'apiVersion' },
    ],
    notApplicable: [as('example.com/v1beta1', 'Widget')],
  },
  {
    rule: recommendedLabels,
    compliant: [
      { ...workload('Deployment', podSpec(), { labels: { [NAME]: 'web' } }), metadata: { name: 'web', namespace: 'shop', labels: { [NAME]: 'web' } } },
      workload('Pod', podSpec(), { labels: { [NAME]: 'web' } }),
    ],
    nonCompliant: [workload('Deployment', podSpec()), workload('Pod', podSpec(), { name: 'bare' })],
    expected: [
      { message: `Deployment has no ${NAME} label`, path: `metadata.labels["${NAME}"]` },
      { message: `pod template has no ${NAME} label`, path: `spec.template.metadata.labels["${NAME}"]` },
      { message: `Pod has no ${NAME} label`, path: `metadata.labels["${NAME}"]` },
    ],
    notApplicable: [object('ConfigMap', 'settings')],
  },
];

describe('hygiene rules', () => {
  testMetadata('hygiene', HYGIENE_RULES, CASES);
  testRules(CASES);

  test('an old pin justified by IsolatedNamespace\'s waiver is reported as suppressed, with its reason', () => {
    const ns = {
      ...namespace('legacy', { [ENFORCE]: 'restricted', [`${ENFORCE}-version`]: 'v1.25' }),
      metadata: { name: 'legacy', labels: { [ENFORCE]: 'restricted', [`${ENFORCE}-version`]: 'v1.25' }, annotations: { 'waiver.cdk8s-hardening.dev/pod-security': 'standards v1.25: cluster pinned by the vendor appliance' } },
    };
    const ours = runAudit([{ object: ns }], { packs: ['hardened'] }).findings.filter(f => f.ruleId === 'namespace-pss-version');
    expect(ours.map(f => [f.suppressed, f.justification])).toEqual([[true, 'standards v1.25: cluster pinned by the vendor appliance']]);
  });

  test('the library\'s hardened output in a namespaced chart gets no hygiene finding', () => {
    expect(findings(hardenedObjects(), HYGIENE_RULES)).toEqual([]);
  });

  test('a chart without a namespace is flagged by object-default-namespace only: the constructs follow the chart', () => {
    const fired = findings(hardenedObjects(null), HYGIENE_RULES);
    expect(fired.length).toBeGreaterThan(0);
    expect([...new Set(fired.map(f => f.rule))]).toEqual(['object-default-namespace']);
  });
});
