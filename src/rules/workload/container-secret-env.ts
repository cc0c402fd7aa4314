import { podRule } from '../define';
import { Severity, Violation } from '../rule';
import { asList, podContainers } from './containers';

/** No container reads a Secret into environment variables. */
export const containerSecretEnv = podRule({
  id: 'container-secret-env',
  title: 'Container reads a Secret into environment variables',
  severity: Severity.LOW,
  waivedBy: ['secret-env'],
  rationale: 'Environment variables leak: they are inherited by child processes, dumped in crash reports and debug endpoints, and visible in '
    + '/proc; they also never change while the container runs. A mounted Secret file is readable only where mounted and is updated on rotation.',
  fix: 'Mount the Secret as a volume (read-only) and let the app read the file, e.g. via a *_FILE variable.',
  references: {
    'cis': ['5.4.1'],
    'kube-linter': ['read-secret-from-env-var'],
    'checkov': ['CKV_K8S_35'],
    'kubescape': ['C-0207'],
  },
  checkPod(pod) {
    return podContainers(pod).flatMap(c => {
      const env = asList(c.container.env);
      const envFrom = asList(c.container.envFrom);
      const violations: Violation[] = env.flatMap((e: { name?: unknown; valueFrom?: { secretKeyRef?: { name?: unknown } } }, i: number) =>
        e?.valueFrom?.secretKeyRef == null ? [] : [{
          message: `${c.label} env "${String(e.name)}" reads Secret "${String(e.valueFrom.secretKeyRef.name)}"`,
          path: `${c.path}.env[${i}].valueFrom.secretKeyRef`,
        }]);
      envFrom.forEach((e: { secretRef?: { name?: unknown } }, i: number) => {
        if (e?.secretRef != null) {
          violations.push({ message: `${c.label} loads every key of Secret "${String(e.secretRef.name)}" into its environment`, path: `${c.path}.envFrom[${i}].secretRef` });
        }
      });
      return violations;
    });
  },
});
