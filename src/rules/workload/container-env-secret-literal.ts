import { describeCredential, findCredential } from '../../detectors/credentials';
import { podRule } from '../define';
import { Severity } from '../rule';
import { asList, podContainers } from './containers';

/** No container carries a credential as a literal env value. */
export const containerEnvSecretLiteral = podRule({
  id: 'container-env-secret-literal',
  title: 'Container has a credential written as a literal environment value',
  severity: Severity.HIGH,
  rationale: 'A literal env value sits in the manifest, in git, in CI logs and in the API server for everyone who can read the workload; '
    + 'it cannot be rotated without a redeploy. Names like PASSWORD or TOKEN (but not TOKEN_TTL or PASSWORD_MIN_LENGTH), values shaped like '
    + 'private keys, cloud or SaaS tokens, and random-looking tokens are credentials.',
  fix: 'Move the value into a Secret (ideally synced from an external secret store) and mount it as a file, or reference it with '
    + 'valueFrom.secretKeyRef. HardenedDeployment and siblings offer no literal-secret factory on purpose.',
  references: {
    'polaris': ['sensitiveContainerEnvVar'],
    'kube-linter': ['env-var-secret'],
    'nsa': ['C-0012'],
    'kubescape': ['C-0012', 'C-0259'],
  },
  checkPod(pod) {
    return podContainers(pod).flatMap(c => asList(c.container.env).flatMap((e: { name?: unknown; value?: unknown }, i: number) => {
      if (typeof e?.value !== 'string' || e.value === '') return [];
      const name = String(e.name);
      const match = findCredential(e.value, name);
      if (!match) return [];
      return [{ message: `${c.label} env "${name}" ${describeCredential(match)} and sets it as a literal value`, path: `${c.path}.env[${i}].value` }];
    }));
  },
});
