import { objectRule } from '../define';
import { Manifest, RelatedCheck, Severity } from '../rule';
import { asList } from '../workload/containers';

/** One Service backend of an Ingress, in either API version's shape. */
interface Backend {
  readonly path: string;
  readonly name: string;
  readonly port?: unknown;
}

/** Service backends: networking.k8s.io/v1 (`service.name`/`service.port`) and the removed v1beta1 (`serviceName`/`servicePort`). */
function backendOf(backend: any, path: string): Backend[] {
  if (backend?.service?.name) return [{ path: `${path}.service.name`, name: backend.service.name, port: backend.service.port?.number ?? backend.service.port?.name }];
  if (backend?.serviceName) return [{ path: `${path}.serviceName`, name: backend.serviceName, port: backend.servicePort }];
  return [];
}

function backendsOf(ingress: Manifest): Backend[] {
  const spec = ingress.spec ?? {};
  const rules: any[] = asList(spec.rules);
  return [
    ...backendOf(spec.defaultBackend, 'spec.defaultBackend'),
    ...backendOf(spec.backend, 'spec.backend'),
    ...rules.flatMap((rule, i) => asList(rule?.http?.paths)
      .flatMap((p: any, j: number) => backendOf(p?.backend, `spec.rules[${i}].http.paths[${j}].backend`))),
  ];
}

/** Every Service an Ingress routes to is in the audit, in its namespace, and has the port it names. */
export const ingressBackendService = objectRule({
  id: 'ingress-backend-service',
  title: 'Ingress routes to a Service or port that is not in the audit',
  severity: Severity.LOW,
  related: { kinds: ['Service'], check: RelatedCheck.DANGLING },
  rationale: 'A backend naming a missing Service or port answers 503 for its paths; a typo there can also route traffic to a different '
    + 'Service created later under that name.',
  fix: 'Name a Service deployed in the Ingress\'s namespace, and one of its ports by number or name.',
  kinds: ['Ingress'],
  references: {
    'kube-score': ['ingress-targets-service'],
    'kube-linter': ['dangling-ingress'],
    'kubescape': ['C-0298', 'C-0302'],
  },
  check(object, context) {
    const namespace = object.metadata?.namespace;
    return backendsOf(object).flatMap(b => {
      const service = context.index.find('Service', namespace, b.name);
      if (!service) return [{ message: `backend Service "${b.name}" is not in the audit (namespace "${namespace ?? '(none)'}")`, path: b.path }];
      const ports: Array<{ port?: unknown; name?: unknown }> = asList(service.spec?.ports);
      if (b.port === undefined || ports.some(p => p.port === b.port || p.name === b.port)) return [];
      return [{ message: `backend Service "${b.name}" has no port ${JSON.stringify(b.port)}`, path: b.path }];
    });
  },
});
