/**
 * Schema validation of every object the library emits, dispatched by apiVersion and kind, so `expectHardened`
 * validates custom resources as strictly as core ones:
 * - Kubernetes objects with kubernetes-models' validators (generated from the upstream OpenAPI);
 * - External Secrets Operator objects with `@kubernetes-models/external-secrets` (ESM-only, so validated in one
 *   `node --input-type=module` child per call, objects on stdin);
 * - SealedSecret with `@kubernetes-models/sealed-secrets` and, stricter (unknown fields refused), its CRD;
 * - SecretProviderClass, Kyverno ClusterPolicy and Sigstore ClusterImagePolicy with their upstream CRDs
 *   (test/secrets/crds, test/guardrails/crds; sources in their READMEs).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { crdValidator } from './guardrails/crd-schema';
import { Manifest } from '../src/rules/rule';

type Validator = (object: Manifest) => string[];

const ESO_API = 'external-secrets.io/v1';
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

function esoErrors(objects: readonly Manifest[]): string[] {
  if (objects.length === 0) return [];
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', ESO_SCRIPT], {
    cwd: path.join(__dirname, '..'),
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ESM validator failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

type ModelClass = new (data: unknown) => { validate(): void };
const modelCache = new Map<string, ModelClass | undefined>();

/** The kubernetes-models class for an apiVersion/kind, e.g. `apps/v1` Deployment → kubernetes-models/apps/v1. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let Model: ModelClass | undefined;
    try {
      // The module path depends on the object, so it cannot be a static import.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Model = require(`kubernetes-models/${apiVersion}`)[kind];
    } catch {
      Model = undefined;
    }
    modelCache.set(key, Model);
  }
  return modelCache.get(key);
}

function modelErrors(Model: ModelClass | undefined): Validator {
  return o => {
    try {
      new Model!(o).validate();
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  };
}

// CRD validators, compiled on first use (ajv compilation of the large CRDs is not free).
const lazy = (make: () => Validator): Validator => {
  let v: Validator | undefined;
  return o => (v ??= make())(o);
};
const SECRETS_CRDS = path.join('..', '..', 'secrets', 'crds');
// CommonJS, but resolved at run time like the Kubernetes models.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SealedSecret } = require('@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret');
const sealedSecretModel = modelErrors(SealedSecret);
const CUSTOM: Record<string, Validator> = {
  'bitnami.com/v1alpha1/SealedSecret': lazy(() => {
    const crd = crdValidator(path.join(SECRETS_CRDS, 'bitnami.com_sealedsecrets.yaml'), 'v1alpha1');
    return o => [...sealedSecretModel(o), ...crd(o)];
  }),
  'secrets-store.csi.x-k8s.io/v1/SecretProviderClass': lazy(() => crdValidator(path.join(SECRETS_CRDS, 'secrets-store.csi.x-k8s.io_secretproviderclasses.yaml'), 'v1')),
  'kyverno.io/v1/ClusterPolicy': lazy(() => crdValidator('kyverno.io_clusterpolicies.yaml', 'v1')),
  'policy.sigstore.dev/v1beta1/ClusterImagePolicy': lazy(() => crdValidator('policy.sigstore.dev_clusterimagepolicies.yaml', 'v1beta1')),
};

/** Schema errors per object, `[]` when every object validates against its Kubernetes schema, model or CRD. */
export function schemaErrors(objects: readonly Manifest[]): string[] {
  const eso = objects.filter(o => o.apiVersion === ESO_API && ESO_KINDS.has(o.kind ?? ''));
  const errors = esoErrors(eso);
  for (const o of objects) {
    if (eso.includes(o)) continue;
    const id = `${o.kind}/${o.metadata?.name}`;
    const key = `${o.apiVersion}/${o.kind}`;
    const Model = modelFor(o.apiVersion ?? '', o.kind ?? '');
    const validate = CUSTOM[key] ?? (Model ? modelErrors(Model) : undefined);
    if (!validate) errors.push(`${id}: no schema for ${o.apiVersion} ${o.kind}`);
    else errors.push(...validate(o).map(e => `${id}: ${e}`));
  }
  return errors;
}
