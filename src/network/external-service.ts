import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCidr } from './cidr';
import { declareFlow, resolveDeclaredPorts } from './declared-flow';
import { TrafficEndpoint } from './endpoint';
import { justifiedAnnotation } from './justification';
import { Peer } from './peer';
import { Port } from './port';
import { propError } from '../core/errors';
import { checkServiceName } from '../core/validation';
import { broadCidrProblem } from '../detectors/cidr';

/** Service types that reach pods from outside the cluster. */
export enum ExternalServiceType {
  /** A cloud load balancer; on most clouds it also allocates a node port per port. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
}

/** A Service reachable from outside the cluster: an explicit, justified exception to exposure through an Ingress with TLS. */
export interface ExternalServiceOptions {
  /** LoadBalancer or NodePort. */
  readonly type: ExternalServiceType;
  /**
   * Client CIDRs that may connect (e.g. `['203.0.113.0/24']`; `['0.0.0.0/0']` for the whole internet, explicitly).
   * They become the workload's ingress rules and, for a LoadBalancer, its `loadBalancerSourceRanges`.
   */
  readonly sourceRanges: string[];
  /** Why the workload cannot be exposed through an Ingress with TLS; recorded on the Service. */
  readonly justification: string;
  /**
   * Ports to expose, among those the workload declares.
   *
   * @default - every declared port
   */
  readonly ports?: Port[];
  /**
   * Name of the Service.
   *
   * @default - `<workload>-lb` or `<workload>-nodeport`
   */
  readonly name?: string;
}

/** Internal: what exposing a workload needs from it. */
export interface ExposedWorkload {
  readonly construct: Construct;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly endpoint: TrafficEndpoint;
  /** Whether the workload's namespace is in the Istio mesh (STRICT mTLS refuses plaintext clients). */
  readonly inMesh: boolean;
  /** Counts the Service against the IsolatedNamespace's allowance, if the workload is in one. */
  admit(prop: string, type: ExternalServiceType, ports: number): void;
}

const PROP = 'exposeViaService(options)';

/**
 * A LoadBalancer or NodePort Service for the workload, with `externalTrafficPolicy: Local` so client addresses
 * reach the pods and the ingress rules from `sourceRanges` apply to them.
 */
export function createExternalService(w: ExposedWorkload, options: ExternalServiceOptions): ApiObject {
  const scope = w.construct;
  const kind = options.type === ExternalServiceType.LOAD_BALANCER ? 'load-balancer' : 'node-port';
  const [key, value] = justifiedAnnotation(scope, PROP, kind, options.justification);
  if (w.inMesh) {
    throw propError(scope, PROP, 'the namespace requires mutual TLS, which clients outside the mesh cannot present', 'expose the workload through the mesh\'s ingress gateway instead');
  }
  if (options.sourceRanges.length === 0) {
    throw propError(scope, `${PROP}.sourceRanges`, 'no client ranges given, so nobody could connect', "list the client CIDRs, or ['0.0.0.0/0'] to allow the whole internet explicitly");
  }
  options.sourceRanges.forEach((r, i) => checkCidr(scope, `${PROP}.sourceRanges[${i}]`, r, []));
  const ports = resolveDeclaredPorts(scope, 'exposeViaService', `workload ${scope.node.path}`, w.endpoint.ports ?? [], options.ports ?? []);
  const name = options.name ?? `${w.name}-${options.type === ExternalServiceType.LOAD_BALANCER ? 'lb' : 'nodeport'}`;
  checkServiceName(scope, `${PROP}.name`, name);
  w.admit(PROP, options.type, ports.length);
  for (const range of options.sourceRanges) {
    // The exposure's justification covers its client ranges: a broad one (['0.0.0.0/0'], the internet) is recorded
    // on the NetworkPolicy too, so the policy read on its own shows why it admits the internet.
    const peer = broadCidrProblem(range) !== undefined ? Peer.broadCidr(range, value) : Peer.cidr(range);
    declareFlow(w.endpoint, 'allowFrom', peer, ports.map(p => Port._declared(p)));
  }
  const namespace = w.endpoint.namespaceName;
  return new ApiObject(scope, `ExternalService-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}), labels: w.labels, annotations: { [key]: value } },
    spec: {
      externalTrafficPolicy: 'Local',
      ...(options.type === ExternalServiceType.LOAD_BALANCER ? { loadBalancerSourceRanges: [...options.sourceRanges] } : {}),
      ports: ports.map(p => ({ name: p.name, port: p.number, protocol: p.protocol, targetPort: p.name })),
      selector: w.endpoint.podLabels,
      type: options.type,
    },
  } as any);
}
