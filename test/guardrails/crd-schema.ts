/**
 * Validates objects against the `openAPIV3Schema` of a CustomResourceDefinition (test/guardrails/crds), with ajv.
 * The API server prunes unknown fields of a structural schema instead of rejecting them, which would silently drop a
 * misspelled field; here unknown fields are errors, except below `x-kubernetes-preserve-unknown-fields`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ajv = new Ajv({ allErrors: true, strict: false });
// The OpenAPI formats CRDs use: integer widths are checked by `type`, `byte` is base64 (as the API server decodes it).
ajv.addFormat('int32', true);
ajv.addFormat('int64', true);
ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
// RFC 3339, as metav1.Time serializes (only status fields use it, which manifests leave out).
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

/** The JSON schema ajv checks for one CRD schema node: unknown fields refused, Kubernetes extensions dropped. */
function strict(node: any): any {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'description') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)])) : strict(value);
  }
  if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** A validator for a JSON schema written with CRD conventions: errors as `path: message`, empty when valid. */
export function schemaValidator(schema: object): (object: unknown) => string[] {
  const validate = ajv.compile(strict(schema));
  return object => validate(object) ? [] : (validate.errors as any[]).map(e => `${e.instancePath || '/'}: ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
}

/** A validator for one version of a CRD file (a name in test/guardrails/crds, or a path relative to it): errors as `path: message`, empty when valid. */
export function crdValidator(file: string, version: string): (object: unknown) => string[] {
  const crd = parse(fs.readFileSync(path.resolve(__dirname, 'crds', file), 'utf8'));
  const schema = crd.spec.versions.find((v: any) => v.name === version)?.schema.openAPIV3Schema;
  if (!schema) throw new Error(`${file} has no version ${version}`);
  // The API server accepts apiVersion, kind and metadata at the root whether or not the CRD lists them.
  const root = { ...schema, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties } };
  return schemaValidator(root);
}
