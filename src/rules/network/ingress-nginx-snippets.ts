import { objectRule } from '../define';
import { Severity } from '../rule';

/** Snippet annotations: raw configuration the controller pastes into its nginx.conf (`configuration-snippet`, `server-snippet`, `nginx.org/location-snippets`…). */
const SNIPPET = /snippets?$/;

/** An Ingress carries no NGINX snippet annotation. */
export const ingressNginxSnippets = objectRule({
  id: 'ingress-nginx-snippets',
  title: 'Ingress injects raw NGINX configuration through a snippet annotation',
  severity: Severity.HIGH,
  rationale: 'Snippet annotations are pasted into the controller\'s nginx.conf: whoever can write an Ingress can run Lua or use alias/file '
    + 'directives in the controller, which reads every Secret of the cluster (CVE-2021-25742, and the 2025 IngressNightmare series).',
  fix: 'Replace the snippet with the controller\'s dedicated annotations or a global ConfigMap setting, and keep allow-snippet-annotations '
    + 'false on the controller.',
  kinds: ['Ingress'],
  references: {
    checkov: ['CKV_K8S_152', 'CKV_K8S_153', 'CKV_K8S_154'],
    nsa: ['C-0059'],
    kubescape: ['C-0059'],
    trivy: ['KCV-0093'],
  },
  check(object) {
    return Object.keys(object.metadata?.annotations ?? {})
      .filter(key => SNIPPET.test(key))
      .map(key => ({ message: `annotation "${key}" injects raw NGINX configuration`, path: `metadata.annotations[${JSON.stringify(key)}]` }));
  },
});
