import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';
import { missingResources } from './containers';

/** Every container (init containers included) sets CPU and memory limits. */
export const containerResourceLimits = podRule({
  id: 'container-resource-limits',
  title: 'Container has no CPU or memory limit',
  severity: Severity.MEDIUM,
  waivedBy: ['no-cpu-limit'],
  rationale: 'Without limits, one container can exhaust its node\'s CPU or memory and starve or evict its neighbours; a compromised container can use that for denial of service.',
  fix: 'Set resources.limits.cpu and resources.limits.memory on every container (HardenedDeployment and siblings always do; HardeningDefaults sets them app-wide).',
  references: {
    'polaris': [{ id: 'cpuLimitsMissing', relation: ReferenceRelation.STRICTER, why: 'Polaris checks the CPU limit alone; this rule also fails a container without a memory limit.' }, { id: 'memoryLimitsMissing', relation: ReferenceRelation.STRICTER, why: 'Polaris checks the memory limit alone; this rule also fails a container without a CPU limit.' }],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'],
    'checkov': ['CKV_K8S_11', 'CKV_K8S_13'],
    'nsa': ['C-0270', 'C-0271'],
    'kubescape': ['C-0270', 'C-0271', 'C-0050', 'C-0004', 'C-0009'],
    'trivy': ['KSV-0011', 'KSV-0018'],
  },
  checkPod(pod) {
    return missingResources(pod, 'limits', ['cpu', 'memory']);
  },
});
