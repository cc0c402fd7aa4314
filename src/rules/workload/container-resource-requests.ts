import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';
import { missingResources } from './containers';

/** Every container (init containers included) sets CPU and memory requests. */
export const containerResourceRequests = podRule({
  id: 'container-resource-requests',
  title: 'Container has no CPU or memory request',
  severity: Severity.LOW,
  rationale: 'The scheduler places pods by their requests: without them a pod lands on a node that cannot run it, gets the lowest QoS class '
    + 'and is evicted first under memory pressure. (The API copies a limit into a missing request, but checkers ask for the request explicitly.)',
  fix: 'Set resources.requests.cpu and resources.requests.memory on every container (HardenedDeployment and siblings always do; HardeningDefaults sets them app-wide).',
  references: {
    'polaris': [{ id: 'cpuRequestsMissing', relation: ReferenceRelation.STRICTER, why: 'Polaris checks the CPU request alone; this rule also fails a container without a memory request.' }, { id: 'memoryRequestsMissing', relation: ReferenceRelation.STRICTER, why: 'Polaris checks the memory request alone; this rule also fails a container without a CPU request.' }],
    'kube-score': ['container-resources'],
    'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'],
    'checkov': ['CKV_K8S_10', 'CKV_K8S_12'],
    'kubescape': ['C-0268', 'C-0050', 'C-0269', 'C-0004'],
    'trivy': ['KSV-0015', 'KSV-0016'],
  },
  checkPod(pod) {
    return missingResources(pod, 'requests', ['cpu', 'memory']);
  },
});
