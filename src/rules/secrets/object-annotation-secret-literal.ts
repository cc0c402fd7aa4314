import { describeCredential, findCredential } from '../../detectors/credentials';
import { podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { Severity, Violation } from '../rule';

// kubectl's copy of the whole object as last applied: on a Secret it repeats the data that secret-plaintext already reports.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** No object (or pod template) carries a credential in its annotations. */
export const objectAnnotationSecretLiteral = objectRule({
  id: 'object-annotation-secret-literal',
  title: 'Object has a credential written into an annotation',
  severity: Severity.HIGH,
  rationale: 'Annotations are metadata: they are not encrypted at rest, RBAC grants read access to them with the object, and they are '
    + 'printed by kubectl describe, copied by controllers and shipped to logs and dashboards. A token or password there is exposed '
    + 'to everyone who can read the object.',
  fix: 'Keep the credential in a Secret (ideally synced from an external secret store) and reference it by name; annotate with the '
    + 'name of the Secret, never its value.',
  kinds: ['*'],
  // The nearest established control: Kubescape and the NSA guide look for application credentials in configuration.
  references: {
    nsa: ['C-0012'],
    kubescape: ['C-0012'],
  },
  check(object) {
    const found = (annotations: unknown, path: string): Violation[] => {
      if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return [];
      return Object.entries(annotations as Record<string, unknown>).flatMap(([key, value]) => {
        if (typeof value !== 'string' || (object.kind === 'Secret' && key === LAST_APPLIED)) return [];
        const match = findCredential(value, key, 'annotation');
        return match ? [{ message: `annotation "${key}" ${describeCredential(match)}`, path: `${path}.annotations[${JSON.stringify(key)}]` }] : [];
      });
    };
    const pod = podTemplateOf(object);
    return [
      ...found(object.metadata?.annotations, 'metadata'),
      // A Pod's template is the object itself; other pod-bearing kinds carry the pods' own annotations in the template.
      ...(pod && pod.metadataPath !== 'metadata' ? found(pod.metadata.annotations, pod.metadataPath) : []),
    ];
  },
});
