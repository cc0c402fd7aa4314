/**
 * How a hardened workload is reached from outside its namespace: an Ingress with TLS, or an explicit LoadBalancer or
 * NodePort Service. Kept apart from the workload class (like cdk8s-plus's `WorkloadScheduling`), so the workload holds
 * its pod, identity and traffic, and the exposure rules live in one place.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../core/errors';
import type { IsolatedNamespace } from '../namespaces/isolated-namespace';
import { ITrafficEndpoint, TrafficEndpoint } from '../network/endpoint';
import { createExternalService, ExternalServiceOptions } from '../network/external-service';
import { HardenedIngress, IngressExposureOptions } from '../network/hardened-ingress';

/** What exposure needs of its workload. */
export interface ExposedWorkload {
  /** The workload itself: the scope of what exposes it. */
  readonly construct: Construct & ITrafficEndpoint;
  /** The workload's labels, which its companions (Services) carry. */
  readonly labels: Record<string, string>;
  readonly isolatedNamespace?: IsolatedNamespace;
  endpoint(): TrafficEndpoint;
}

export class WorkloadExposure {
  private ingress?: HardenedIngress;

  public constructor(private readonly workload: ExposedWorkload) {}

  /** See `HardenedWorkload.exposeViaIngress`. */
  public viaIngress(options: IngressExposureOptions): HardenedIngress {
    const w = this.workload.construct;
    if (this.ingress) {
      throw propError(w, 'exposeViaIngress(options)', `the workload is already exposed by ${this.ingress.node.path}`, 'add more routes with addRoute() on the HardenedIngress it returned');
    }
    this.ingress = new HardenedIngress(w, 'Ingress', {
      name: w.name,
      namespace: this.workload.isolatedNamespace,
      className: options.className,
      controller: options.controller,
      tls: [{ hosts: [options.host], secretName: options.tlsSecretName }],
    });
    this.ingress.addRoute(options.host, options.path ?? '/', w, options.port);
    return this.ingress;
  }

  /** See `HardenedWorkload.exposeViaService`. */
  public viaService(options: ExternalServiceOptions): ApiObject {
    const w = this.workload.construct;
    const ns = this.workload.isolatedNamespace;
    return createExternalService({
      construct: w,
      name: w.name,
      labels: this.workload.labels,
      endpoint: this.workload.endpoint(),
      inMesh: ns?._mesh !== undefined,
      admit: (prop, type, ports) => ns?._admitExternalService(w, prop, type, ports),
    }, options);
  }
}
