import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** One object as it will be written to the manifests, with the construct that emitted it. */
export interface SynthesizedObject {
  readonly object: any;
  readonly constructPath: string;
}

/**
 * Every object under `scope` as cdk8s will write it: each ApiObject's resolved JSON (after JSON patches and
 * resolvers, so a ConfigMap patched into a Secret is judged as the Secret it is), with `kind: List` and other
 * `*List` objects flattened into their items, as the API server reads them.
 *
 * The gates (the plaintext guard, `HardeningAudit`) judge this, never the construct that made it.
 */
export function synthesizedObjects(scope: IConstruct): SynthesizedObject[] {
  const out: SynthesizedObject[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    flatten(c.toJson(), c.node.path, out);
  }
  return out;
}

function flatten(object: any, constructPath: string, out: SynthesizedObject[]): void {
  if (object !== null && typeof object === 'object' && typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    object.items.forEach((item: unknown, i: number) => flatten(item, `${constructPath}/items[${i}]`, out));
    return;
  }
  out.push({ object, constructPath });
}
