/**
 * Schema validation of every object the secrets constructs emit, by kind:
 * - External Secrets Operator objects with `@kubernetes-models/external-secrets` (generated from the operator's API types).
 *   The package is ESM-only and jest runs CommonJS, so the objects go to a `node --input-type=module` child on stdin,
 *   validated in one spawn per call;
 * - SealedSecret with `@kubernetes-models/sealed-secrets` and, stricter (unknown fields refused), its CRD;
 * - SecretProviderClass with its CRD (no model package exists), see crds/README.md;
 * - everything else (ServiceAccounts, Deployments …) with the Kubernetes schemas of test/harness.ts.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { crdValidator } from '../guardrails/crd-schema';
import { schemaErrors } from '../harness';

const ESO_KINDS = new Set(['ExternalSecret', 'SecretStore', 'ClusterSecretStore']);
const ESO_SCRIPT = `
import { ExternalSecret, SecretStore, ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
const models = { ExternalSecret, SecretStore, ClusterSecretStore };
let input = '';
for await (const chunk of process.stdin) input += chunk;
const errors = [];
for (const obj of JSON.parse(input)) {
  try {
    new models[obj.kind](obj).validate();
  } catch (e) {
    errors.push(obj.kind + '/' + obj.metadata?.name + ': ' + e.message);
  }
}
process.stdout.write(JSON.stringify(errors));
`;

/** ESO objects' errors, validated in an ESM child process. */
function esoErrors(objects: any[]): string[] {
  if (objects.length === 0) return [];
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', ESO_SCRIPT], {
    cwd: path.join(__dirname, '..', '..'),
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ESM validator failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// crdValidator reads from test/guardrails/crds; these CRDs live in test/secrets/crds.
const crd = (file: string, version: string) => crdValidator(path.relative(path.join(__dirname, '..', 'guardrails', 'crds'), path.join(__dirname, 'crds', file)), version);
const sealedSecretCrd = crd('bitnami.com_sealedsecrets.yaml', 'v1alpha1');
const secretProviderClassCrd = crd('secrets-store.csi.x-k8s.io_secretproviderclasses.yaml', 'v1');
// CommonJS, but resolved at run time like the harness's models.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SealedSecret } = require('@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret');

/** Schema errors of every object, `[]` when each validates against its model or CRD. */
export function allSchemaErrors(objects: readonly any[]): string[] {
  const eso = objects.filter(o => o.apiVersion === 'external-secrets.io/v1' && ESO_KINDS.has(o.kind));
  const errors = esoErrors(eso);
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata?.name}`;
    if (eso.includes(o)) continue;
    if (o.apiVersion === 'bitnami.com/v1alpha1' && o.kind === 'SealedSecret') {
      try {
        new SealedSecret(o).validate();
      } catch (e) {
        errors.push(`${id}: ${(e as Error).message}`);
      }
      errors.push(...sealedSecretCrd(o).map(e => `${id}: ${e}`));
    } else if (o.apiVersion === 'secrets-store.csi.x-k8s.io/v1' && o.kind === 'SecretProviderClass') {
      errors.push(...secretProviderClassCrd(o).map(e => `${id}: ${e}`));
    } else {
      errors.push(...schemaErrors([o]));
    }
  }
  return errors;
}
