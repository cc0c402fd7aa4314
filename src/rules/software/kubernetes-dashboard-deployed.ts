import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

const DASHBOARD_LABELS = ['app', 'k8s-app'];

/** The Kubernetes Dashboard is not deployed, by image or by its usual labels. */
export const kubernetesDashboardDeployed = podRule({
  id: 'kubernetes-dashboard-deployed',
  title: 'Kubernetes Dashboard is deployed',
  severity: Severity.HIGH,
  rationale: 'The Dashboard is a web console onto the cluster; deployed with a broad ServiceAccount or reachable from outside, it has been the way in of '
    + 'several public cluster compromises.',
  fix: 'Remove the Dashboard; use kubectl or a console that authenticates every user with their own identity.',
  references: {
    checkov: [{
      id: 'CKV_K8S_33',
      relation: ReferenceRelation.NARROWER,
      why: 'Checkov also fails a container with no image at all, which this rule leaves to the API server (the object is invalid).',
    }],
    kubescape: [{
      id: 'C-0014',
      relation: ReferenceRelation.RELATED,
      why: 'Kubescape flags workloads running as the kubernetes-dashboard ServiceAccount and subjects bound to it, not the Dashboard\'s images.',
    }],
  },
  checkPod(pod, object) {
    const labels = (object.metadata?.labels ?? {}) as Record<string, unknown>;
    // Checkov reads `app` and, only when `app` is absent, `k8s-app`.
    const key = DASHBOARD_LABELS.find(k => k in labels);
    const byLabel = key !== undefined && labels[key] === 'kubernetes-dashboard'
      ? [{ message: `the object is labelled ${key}=kubernetes-dashboard`, path: `metadata.labels.${key}` }]
      : [];
    const byImage = containersOf(pod)
      .filter(c => typeof c.container.image === 'string' && /kubernetes-dashboard|kubernetesui/.test(c.container.image))
      .map(c => ({ message: `${c.label} runs the Dashboard image "${c.container.image}"`, path: `${c.path}.image` }));
    return [...byLabel, ...byImage];
  },
});
