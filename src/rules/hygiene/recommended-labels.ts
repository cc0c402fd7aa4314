import { podRule } from '../define';
import { Severity, Violation } from '../rule';

const NAME = 'app.kubernetes.io/name';

/** A workload and its pod template carry the recommended `app.kubernetes.io/name` label. */
export const recommendedLabels = podRule({
  id: 'recommended-labels',
  title: 'Workload or its pods lack the app.kubernetes.io/name label',
  severity: Severity.LOW,
  rationale: 'The recommended labels let people and tools (dashboards, cost reports, policies, incident response) tell which application an '
    + 'object or a running pod belongs to; pods carry their own labels, so the template needs them too.',
  fix: `Set ${NAME} (and ideally app.kubernetes.io/instance, version, component, part-of) on the workload and its pod template; `
    + 'HardenedDeployment and siblings set them (see appName, partOf, component).',
  references: {
    kubescape: ['C-0076', 'C-0077'],
  },
  checkPod(pod, object) {
    const places = [{ where: 'metadata', labels: object.metadata?.labels }, { where: pod.metadataPath, labels: pod.metadata.labels }]
      // A Pod's own metadata is its pod metadata: judge it once.
      .filter((place, i, all) => all.findIndex(p => p.where === place.where) === i);
    return places.flatMap(({ where, labels }): Violation[] => labels?.[NAME] ? [] : [{
      message: `${where === 'metadata' ? object.kind : 'pod template'} has no ${NAME} label`,
      path: `${where}.labels[${JSON.stringify(NAME)}]`,
    }]);
  },
});
