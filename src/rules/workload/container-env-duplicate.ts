import { podRule } from '../define';
import { asList, podContainers } from './containers';
import { Severity } from '../rule';

/** No container declares the same environment variable twice. */
export const containerEnvDuplicate = podRule({
  id: 'container-env-duplicate',
  title: 'Container declares an environment variable more than once',
  severity: Severity.LOW,
  rationale: 'When a name appears twice in env, the last entry silently wins: the manifest shows a value the container does not get, '
    + 'and a later patch or merge can reorder them.',
  fix: 'Keep one entry per variable name.',
  references: {
    'kube-score': ['environment-variable-key-duplication'],
    'kube-linter': ['duplicate-env-var'],
    'kubescape': ['C-0295'],
  },
  checkPod(pod) {
    return podContainers(pod).flatMap(c => {
      const seen = new Set<unknown>();
      return asList(c.container.env).flatMap((e: { name?: unknown }, i: number) => {
        if (!seen.has(e?.name)) {
          seen.add(e?.name);
          return [];
        }
        return [{ message: `${c.label} declares env ${JSON.stringify(e.name)} more than once`, path: `${c.path}.env[${i}].name` }];
      });
    });
  },
});
