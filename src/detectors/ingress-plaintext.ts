/**
 * Ingress annotations that make a controller serve plain HTTP although the Ingress has TLS: the redirect to HTTPS
 * switched off, an HTTP listener or entry point without one. Pure, so HardenedIngress (which refuses them without a
 * justification) and the rule engine (which reports them on any Ingress) read them alike.
 *
 * Researched per controller (each controller's annotation reference):
 * - ingress-nginx: `nginx.ingress.kubernetes.io/ssl-redirect` (default true with TLS) and `force-ssl-redirect`
 *   (overrides a global force, used when TLS ends at a load balancer in front);
 * - NGINX Inc: `ingress.kubernetes.io/ssl-redirect` (default true), `nginx.org/ssl-redirect`, `nginx.org/redirect-to-https`;
 * - HAProxy (haproxytech, jcmoraisjr): `haproxy.org/ssl-redirect`, `haproxy.com/ssl-redirect`,
 *   `haproxy-ingress.github.io/ssl-redirect`, `ingress.kubernetes.io/ssl-redirect`;
 * - GCE and Contour: `kubernetes.io/ingress.allow-http: "true"` keeps the HTTP listener;
 * - Contour: `ingress.kubernetes.io/force-ssl-redirect`;
 * - Azure Application Gateway: `appgw.ingress.kubernetes.io/ssl-redirect`;
 * - AWS Load Balancer Controller: `alb.ingress.kubernetes.io/listen-ports` with an HTTP listener and no
 *   `alb.ingress.kubernetes.io/ssl-redirect`, or with no HTTPS listener at all;
 * - Traefik: `traefik.ingress.kubernetes.io/router.tls: "false"`, or `router.entrypoints` naming only the plain
 *   HTTP entry points (`web`, `http`) without `router.tls: "true"`;
 * - Kong: `konghq.com/protocols` with a plaintext protocol (http, grpc, ws) and no `konghq.com/https-redirect-status-code`.
 *
 * Explicit values only: a controller whose default serves HTTP (GCE, Kong) is not judged on what is not written.
 */

/** One annotation that lets the controller serve plaintext. */
export interface PlaintextAnnotation {
  readonly key: string;
  readonly message: string;
}

/** Keys whose value "false" switches off the redirect to HTTPS, by controller. */
const REDIRECT_OFF: Readonly<Record<string, string>> = {
  'nginx.ingress.kubernetes.io/ssl-redirect': 'ingress-nginx',
  'nginx.ingress.kubernetes.io/force-ssl-redirect': 'ingress-nginx',
  'ingress.kubernetes.io/ssl-redirect': 'NGINX, HAProxy',
  'ingress.kubernetes.io/force-ssl-redirect': 'Contour',
  'nginx.org/ssl-redirect': 'NGINX',
  'nginx.org/redirect-to-https': 'NGINX',
  'haproxy.org/ssl-redirect': 'HAProxy',
  'haproxy.com/ssl-redirect': 'HAProxy',
  'haproxy-ingress.github.io/ssl-redirect': 'HAProxy Ingress',
  'appgw.ingress.kubernetes.io/ssl-redirect': 'Application Gateway',
};

const PLAIN_ENTRYPOINTS = new Set(['web', 'http']);
const PLAIN_KONG = new Set(['http', 'grpc', 'ws']);

/** YAML may carry a boolean where the controller reads a string; both read the same. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' ? String(value).trim().toLowerCase() : undefined;
}

/** The annotations of an Ingress that let its controller serve the hosts over plain HTTP. */
export function plaintextAnnotations(annotations: Readonly<Record<string, unknown>> | undefined): PlaintextAnnotation[] {
  const a = annotations ?? {};
  const out: PlaintextAnnotation[] = [];
  for (const [key, controller] of Object.entries(REDIRECT_OFF)) {
    if (text(a[key]) === 'false') out.push({ key, message: `"${key}: false" stops ${controller} redirecting HTTP to HTTPS, so the hosts are also served in clear text` });
  }
  if (text(a['kubernetes.io/ingress.allow-http']) === 'true') {
    out.push({ key: 'kubernetes.io/ingress.allow-http', message: '"kubernetes.io/ingress.allow-http: true" keeps a plain HTTP listener (GCE, Contour), so the hosts are also served in clear text' });
  }
  const listen = a['alb.ingress.kubernetes.io/listen-ports'];
  if (typeof listen === 'string') {
    const protocols = albProtocols(listen);
    if (protocols?.has('HTTP') && (!protocols.has('HTTPS') || a['alb.ingress.kubernetes.io/ssl-redirect'] === undefined)) {
      out.push({
        key: 'alb.ingress.kubernetes.io/listen-ports',
        message: protocols.has('HTTPS')
          ? 'the ALB listens on HTTP without alb.ingress.kubernetes.io/ssl-redirect, so the hosts are also served in clear text'
          : 'the ALB listens on HTTP only, so the hosts are served in clear text',
      });
    }
  }
  const tls = text(a['traefik.ingress.kubernetes.io/router.tls']);
  if (tls === 'false') {
    out.push({ key: 'traefik.ingress.kubernetes.io/router.tls', message: '"traefik.ingress.kubernetes.io/router.tls: false" makes the Traefik router serve plain HTTP' });
  }
  const entrypoints = text(a['traefik.ingress.kubernetes.io/router.entrypoints']);
  if (entrypoints !== undefined && tls !== 'true' && tls !== 'false') {
    const names = entrypoints.split(',').map(s => s.trim()).filter(Boolean);
    if (names.length && names.every(n => PLAIN_ENTRYPOINTS.has(n))) {
      out.push({ key: 'traefik.ingress.kubernetes.io/router.entrypoints', message: `the Traefik router listens only on the plain HTTP entry point (${names.join(', ')}) without router.tls, so the hosts are served in clear text` });
    }
  }
  const kong = text(a['konghq.com/protocols']);
  if (kong !== undefined && a['konghq.com/https-redirect-status-code'] === undefined) {
    const plain = kong.split(',').map(s => s.trim()).filter(p => PLAIN_KONG.has(p));
    if (plain.length) {
      out.push({ key: 'konghq.com/protocols', message: `Kong routes accept ${plain.join(', ')} without konghq.com/https-redirect-status-code, so the hosts are also served in clear text` });
    }
  }
  return out;
}

/** The listener protocols of `alb.ingress.kubernetes.io/listen-ports` (`[{"HTTP": 80}, {"HTTPS": 443}]`), or undefined when it does not parse. */
function albProtocols(value: string): Set<string> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    return new Set(parsed.flatMap(entry => (entry && typeof entry === 'object' ? Object.keys(entry).map(k => k.toUpperCase()) : [])));
  } catch {
    return undefined;
  }
}
