import { findCredentialsInArgs } from '../../detectors/credentials';
import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { Severity } from '../rule';
import { asList } from '../workload/containers';

/** No container carries a credential in its command or args. */
export const containerArgsSecretLiteral = podRule({
  id: 'container-args-secret-literal',
  title: 'Container has a credential written into its command or args',
  severity: Severity.HIGH,
  rationale: 'Command and args sit in the manifest, in git and in the API server for everyone who can read the workload, and on the '
    + 'node they are readable by any process through /proc/<pid>/cmdline and in `ps` output. A `--token=…` or `--password …` there '
    + 'is as exposed as a literal env value, and cannot be rotated without a redeploy.',
  fix: 'Mount the credential from a Secret (ideally synced from an external secret store) as a file and pass its path '
    + '(`--password-file=/run/secrets/db/password`), or let the program read it from the file itself.',
  // The nearest established control: Kubescape and the NSA guide look for application credentials in configuration, env only.
  references: {
    nsa: ['C-0012'],
    kubescape: ['C-0012'],
  },
  checkPod(pod) {
    // Ephemeral (debug) containers are included: a token typed into `kubectl debug` lands in the pod spec just the same.
    return containersOf(pod).flatMap(c => (['command', 'args'] as const).flatMap(field =>
      findCredentialsInArgs(asList(c.container[field])).map(({ index, match }) => ({
        message: `${c.label} ${field}[${index}] ${match.by === 'assignment' ? `passes a literal credential to ${JSON.stringify(match.key)}` : `holds what looks like ${match.kind}`}`
          + `${match.base64 ? ' (base64-encoded)' : ''}`,
        path: `${c.path}.${field}[${index}]`,
      }))));
  },
});
