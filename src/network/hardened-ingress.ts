import { ApiObject, Chart, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCidrPeer, declareFlow, resolveDeclaredPorts } from './declared-flow';
import { ITrafficEndpoint, joinAppNamespace, TrafficEndpoint, trafficEndpointOf } from './endpoint';
import { IPeer } from './peer';
import { Port } from './port';
import { Protocol } from '../core/container';
import { checkAnnotationLiterals } from '../core/credential-literals';
import { propError, requireJustification } from '../core/errors';
import { checkDnsSubdomain } from '../core/validation';
import { plaintextAnnotations } from '../detectors/ingress-plaintext';
import { parseExemptionKey, waiverKey } from '../manifest/exemption-keys';

/** A TLS certificate of an Ingress and the hosts it serves. */
export interface IngressTls {
  /** Hosts the certificate covers, e.g. `shop.example.com` or `*.example.com`. */
  readonly hosts: string[];
  /** Secret of type `kubernetes.io/tls` in the Ingress's namespace holding the certificate and key. */
  readonly secretName: string;
}

/** Props of a HardenedIngress. */
export interface HardenedIngressProps {
  /**
   * Name of the Ingress.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * The IsolatedNamespace of the Ingress and its backends (an Ingress only routes within its namespace).
   *
   * @default - the chart's namespace
   */
  readonly namespace?: ITrafficEndpoint;
  /** IngressClass of the controller that serves it, e.g. `nginx`. */
  readonly className: string;
  /**
   * The controller's pods (e.g. `Peer.ingressController('ingress-nginx')`): each backend allows traffic from
   * them on the routed port, and from nothing else through this Ingress.
   */
  readonly controller: IPeer;
  /** Certificates; every route's host must be covered by one. An Ingress without TLS is refused. */
  readonly tls: IngressTls[];
  /**
   * Annotations of the Ingress (controller settings). One that makes the controller serve plain HTTP as well
   * (`nginx.ingress.kubernetes.io/ssl-redirect: "false"`, `kubernetes.io/ingress.allow-http: "true"`, an HTTP-only
   * ALB listener or Traefik entry point…) is refused unless `plaintextJustification` says why.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Why the controller may serve these hosts over plain HTTP too (an annotation above switches the redirect to
   * HTTPS off), e.g. a legacy device that cannot follow redirects. Required exactly then; recorded on the Ingress
   * as the annotation `waiver.cdk8s-hardening.dev/ingress-plaintext`.
   *
   * @default - none: no annotation may let the controller serve plain HTTP
   */
  readonly plaintextJustification?: string;
}

/** Options of a workload's `exposeViaIngress`. */
export interface IngressExposureOptions {
  /** Host name of the route, e.g. `shop.example.com`. */
  readonly host: string;
  /**
   * Path prefix of the route.
   *
   * @default '/'
   */
  readonly path?: string;
  /**
   * Port of the workload to route to.
   *
   * @default - its first TCP port
   */
  readonly port?: Port;
  /** IngressClass of the controller, e.g. `nginx`. */
  readonly className: string;
  /** The controller's pods, e.g. `Peer.ingressController('ingress-nginx')`. */
  readonly controller: IPeer;
  /** Secret holding the TLS certificate for `host`. */
  readonly tlsSecretName: string;
}

const WILDCARD_HOST = /^\*\.(.+)$/;
/** Annotation kind recording a justified plain-HTTP annotation (`waiver.cdk8s-hardening.dev/ingress-plaintext`). */
const PLAINTEXT_WAIVER_KIND = 'ingress-plaintext';

/**
 * An Ingress that only serves TLS: every route's host must be covered by a certificate, and each backend
 * workload's NetworkPolicy allows the ingress controller in on the routed port (the only opening it gets).
 */
export class HardenedIngress extends Construct {
  /** Name of the Ingress. */
  public readonly name: string;
  /** The Ingress object. */
  public readonly apiObject: ApiObject;

  private readonly namespaceName?: string;
  private readonly controller: IPeer;
  private readonly tlsHosts: string[] = [];
  private readonly routes = new Map<string, Map<string, Record<string, unknown>>>();

  public constructor(scope: Construct, id: string, props: HardenedIngressProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this);
    checkDnsSubdomain(this, 'name', this.name);
    checkDnsSubdomain(this, 'className', props.className);
    this.namespaceName = props.namespace?.name ?? Chart.of(this).namespace;
    joinAppNamespace(props.namespace, this);
    this.controller = props.controller;
    if (props.tls.length === 0) {
      throw propError(this, 'tls', 'an Ingress without TLS serves plaintext HTTP', 'give at least one certificate: tls: [{ hosts: [\'shop.example.com\'], secretName: \'shop-tls\' }]');
    }
    props.tls.forEach((t, i) => {
      checkDnsSubdomain(this, `tls[${i}].secretName`, t.secretName);
      if (t.hosts.length === 0) throw propError(this, `tls[${i}].hosts`, 'no hosts given, so the certificate would be a catch-all default', 'list the hosts the certificate covers');
      t.hosts.forEach((h, j) => checkHost(this, `tls[${i}].hosts[${j}]`, h));
      this.tlsHosts.push(...t.hosts);
    });
    const annotations = this.checkAnnotations(props);
    const controllerSpec = props.controller.toPeer()._spec;
    // Named as the controller prop here; each route's flow checks it again where it opens the backend.
    if (controllerSpec.kind === 'cidr') checkCidrPeer(this, 'controller', controllerSpec);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: this.name,
        ...(this.namespaceName !== undefined ? { namespace: this.namespaceName } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      spec: Lazy.any({
        produce: () => ({
          ingressClassName: props.className,
          rules: [...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([host, paths]) => ({
            host,
            http: { paths: [...paths.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([path, backend]) => ({ backend, path, pathType: 'Prefix' })) },
          })),
          tls: props.tls.map(t => ({ hosts: [...t.hosts], secretName: t.secretName })),
        }),
      }),
    } as any);
    this.node.addValidation({ validate: () => (this.routes.size ? [] : ['the Ingress has no routes. Fix: call addRoute(host, path, backend), or remove it']) });
  }

  /**
   * Route `host` + `path` (a prefix) to a hardened workload's Service, and allow the controller's pods into the
   * workload on that port.
   *
   * @param port default - the workload's first TCP port
   */
  public addRoute(host: string, path: string, backend: ITrafficEndpoint, port?: Port): void {
    const prop = `addRoute(${JSON.stringify(host)}, ${JSON.stringify(path)})`;
    checkHost(this, prop, host);
    if (!this.tlsHosts.some(t => t === host || (WILDCARD_HOST.test(t) && host.split('.').slice(1).join('.') === WILDCARD_HOST.exec(t)![1]))) {
      throw propError(this, prop, `host "${host}" is not covered by any TLS certificate of the Ingress (${this.tlsHosts.join(', ')})`, 'add the host to a tls entry, so the route is never served without TLS');
    }
    if (!path.startsWith('/')) throw propError(this, prop, `path "${path}" does not start with "/"`, 'use an absolute path prefix such as "/" or "/api"');
    const endpoint = trafficEndpointOf(backend);
    if (!endpoint || endpoint.kind !== 'workload') {
      throw propError(this, `${prop}.backend`, `${backend.node.path} is not a hardened workload of this library`, 'route to a HardenedDeployment or HardenedStatefulSet');
    }
    if (!endpoint.serviceName) {
      throw propError(this, `${prop}.backend`, `${backend.node.path} has no Service to route to`, 'route to a HardenedDeployment or HardenedStatefulSet that declares a port');
    }
    if (endpoint.namespaceName !== this.namespaceName) {
      throw propError(this, `${prop}.backend`, `${backend.node.path} runs in namespace "${endpoint.namespaceName ?? '(chart default)'}" but the Ingress in "${this.namespaceName ?? '(chart default)'}"; an Ingress only routes within its namespace`,
        'create the Ingress in the workload\'s namespace (namespace prop)');
    }
    const target = this.routedPort(endpoint, prop, port);
    const paths = this.routes.get(host) ?? new Map<string, Record<string, unknown>>();
    if (paths.has(path)) throw propError(this, prop, `host "${host}" already routes path "${path}"`, 'route each host and path once');
    paths.set(path, { service: { name: endpoint.serviceName, port: { name: target.name } } });
    this.routes.set(host, paths);
    declareFlow(endpoint, 'allowFrom', this.controller, [Port._declared(target)]);
  }

  /** The Ingress's annotations: exemption keys are the library's to write, and plain HTTP needs a justification. */
  private checkAnnotations(props: HardenedIngressProps): Record<string, string> {
    checkAnnotationLiterals(this, 'annotations', props.annotations);
    const annotations: Record<string, string> = { ...(props.annotations ?? {}) };
    for (const key of Object.keys(annotations)) {
      if (parseExemptionKey(key)) {
        throw propError(this, `annotations[${JSON.stringify(key)}]`, 'exemption annotations are written by the library from typed props, so reviewers can trust them',
          'remove it; use plaintextJustification, or an exemptions file owned by the platform team');
      }
    }
    const plaintext = plaintextAnnotations(annotations);
    if (plaintext.length && props.plaintextJustification === undefined) {
      throw propError(this, `annotations[${JSON.stringify(plaintext[0].key)}]`, plaintext.map(p => p.message).join('; '),
        'remove the annotation so HTTP is redirected to HTTPS, or give plaintextJustification saying why these hosts must answer plain HTTP');
    }
    if (!plaintext.length && props.plaintextJustification !== undefined) {
      throw propError(this, 'plaintextJustification', 'no annotation lets the controller serve plain HTTP, so there is nothing to justify', 'remove plaintextJustification');
    }
    if (plaintext.length) {
      const why = requireJustification(this, 'plaintextJustification', props.plaintextJustification,
        'say why these hosts must answer plain HTTP, so reviewers can judge it');
      annotations[waiverKey(PLAINTEXT_WAIVER_KIND)] = `${plaintext.map(p => p.key).join(', ')}: ${why}`;
    }
    return annotations;
  }

  private routedPort(endpoint: TrafficEndpoint, prop: string, port: Port | undefined) {
    const declared = endpoint.ports ?? [];
    const description = `workload ${endpoint.construct.node.path}`;
    if (port) return resolveDeclaredPorts(this, `${prop}.port`, description, declared, [port])[0];
    const tcp = declared.find(p => p.protocol === Protocol.TCP);
    if (!tcp) throw propError(this, `${prop}.port`, `${description} declares no TCP port to route HTTP to`, 'declare a TCP port on the workload');
    return tcp;
  }
}

function checkHost(scope: Construct, prop: string, host: string): void {
  const bare = WILDCARD_HOST.exec(host)?.[1] ?? host;
  checkDnsSubdomain(scope, prop, bare);
}
