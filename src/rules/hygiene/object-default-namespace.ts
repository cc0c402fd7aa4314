import { isNamespaced, objectRule } from '../define';
import { Severity } from '../rule';

/** Namespaced objects name a namespace other than `default`. */
export const objectDefaultNamespace = objectRule({
  id: 'object-default-namespace',
  title: 'Object is in the default namespace, or names none',
  severity: Severity.LOW,
  rationale: 'The default namespace is shared by everything deployed without thought: its policies, quotas and RBAC are rarely tightened, '
    + 'and workloads there are not isolated from each other. An object naming no namespace lands wherever the deployer\'s context points.',
  fix: 'Set metadata.namespace to the application\'s own namespace (the chart\'s `namespace` in cdk8s; an IsolatedNamespace adds default-deny policies).',
  kinds: ['*'],
  references: {
    'cis': ['5.7.4'],
    'kube-linter': ['use-namespace'],
    'checkov': ['CKV_K8S_21'],
    'kubescape': ['C-0061', 'C-0212'],
    'trivy': ['KSV-0110'],
  },
  check(object) {
    const namespace = object.metadata?.namespace;
    // An explicit `default` is always wrong; a missing namespace is judged only for kinds known to be namespaced.
    if (namespace === 'default') return [{ message: `${object.kind} is in the "default" namespace`, path: 'metadata.namespace' }];
    if ((namespace === undefined || namespace === '') && isNamespaced(object)) {
      return [{ message: `${object.kind} names no namespace, so it lands in the namespace of the current kubectl context (often "default")`, path: 'metadata.namespace' }];
    }
    return [];
  },
});
