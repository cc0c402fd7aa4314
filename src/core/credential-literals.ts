/**
 * Construction-time refusals of credentials written as literals: env values, command and args, annotations. The same
 * detector as the audit rules (src/detectors/credentials.ts), so what a construct accepts the audit also passes.
 * The value is never echoed.
 */
import { IConstruct } from 'constructs';
import { propError } from './errors';
import { CredentialMatch, findCredential, findCredentialsInArgs } from '../detectors/credentials';

/** What was found, as the problem of a refusal: `the value looks like a GitHub token`, `"DB_PASSWORD" is named like a credential`. */
function problem(match: CredentialMatch, name: string | undefined): string {
  const encoded = match.base64 ? ' (base64-encoded)' : '';
  switch (match.by) {
    case 'name': return `"${name}" is named like a credential`;
    case 'assignment': return `the value passes a literal credential to "${match.key}"${encoded}`;
    default: return `the value looks like ${match.kind}${encoded}`;
  }
}

/** Refuses a literal env value that is or carries a credential, judged with the variable's name. */
export function checkEnvLiteral(scope: IConstruct, prop: string, name: string, value: string): void {
  const match = findCredential(value, name);
  if (match) {
    throw propError(scope, prop, `${problem(match, name)}, and a literal value would put it in the manifest, in git and in every copy of the YAML`,
      'keep the value in a secret store and mount it with secrets: [SecretMount.fromSecret(…)] (point the app at the file, e.g. with a *_FILE variable); if the value is not a credential, rename the variable or read it from a ConfigMap');
  }
}

/** Refuses a command or args list that carries a credential (`--token=…`, `--password <value>`, a token on its own). */
export function checkArgsLiterals(scope: IConstruct, prop: string, args: readonly string[] | undefined): void {
  if (!Array.isArray(args)) return;
  const [first] = findCredentialsInArgs(args);
  if (first) {
    throw propError(scope, `${prop}[${first.index}]`, `${problem(first.match, undefined)}; command and args are in the manifest and, on the node, in every process listing`,
      'mount the credential with secrets: [SecretMount.fromSecret(…)] and pass the path of the file instead (e.g. --password-file=/run/secrets/db/password)');
  }
}

/** Refuses annotations whose value is or carries a credential, judged with the annotation's key. */
export function checkAnnotationLiterals(scope: IConstruct, prop: string, annotations: { readonly [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const match = typeof value === 'string' ? findCredential(value, key, 'annotation') : undefined;
    if (match) {
      throw propError(scope, `${prop}["${key}"]`, `${problem(match, key)}; annotations are readable by everyone who can read the object and are not encrypted at rest`,
        'keep the credential in a Secret and annotate with its name, never its value');
    }
  }
}
