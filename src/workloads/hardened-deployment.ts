import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedWorkload } from './hardened-workload';
import { checkMaxUnavailable, LongRunningWorkloadProps } from './long-running';

/** Props of a HardenedDeployment. */
export interface HardenedDeploymentProps extends LongRunningWorkloadProps {}

/**
 * A Deployment whose pods are hardened by default: non-root, read-only root filesystem, no capabilities,
 * seccomp and AppArmor RuntimeDefault, no service-account token, resources, probes, two or more replicas
 * spread over nodes and zones, a PodDisruptionBudget, its own ServiceAccount, and a ClusterIP Service for its ports.
 */
export class HardenedDeployment extends HardenedWorkload {
  /** The Deployment object. */
  public readonly apiObject: ApiObject;
  /** The ClusterIP Service, when the pods declare ports. */
  public readonly service?: ApiObject;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: ApiObject;
  /** Number of pods. */
  public readonly replicas: number;

  public constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id, props, { role: 'long-running', restartPolicy: 'Always', replicas: props.replicas, maxNameLength: 63 });
    this.replicas = this._pod.replicas!;
    const maxUnavailable = props.maxUnavailable ?? 1;
    checkMaxUnavailable(this, maxUnavailable, this.replicas);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this._metadata(),
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: this.selectorLabels },
        // Surge instead of taking pods down, so a rollout never drops below the requested capacity.
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' },
        template: this._pod.template,
      },
    } as any);
    this.service = this._createService(false);
    this.disruptionBudget = this._createDisruptionBudget(maxUnavailable);
  }
}
