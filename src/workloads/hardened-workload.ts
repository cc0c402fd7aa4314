import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IServiceAccount } from './service-account';
import { propError } from '../core/errors';
import { HardenedPod, HardenedPodProps, hardenPod, PodIntent } from '../core/pod-template';
import { checkDnsLabel, checkLabels, checkServiceName } from '../core/validation';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

/** What every hardened workload accepts besides its pod. */
export interface HardenedWorkloadProps extends HardenedPodProps {
  /**
   * Name of the workload and of the Service, ServiceAccount and PodDisruptionBudget made for it.
   *
   * @default - a unique name derived from the construct path (cdk8s convention)
   */
  readonly name?: string;
  /**
   * The application's name, `app.kubernetes.io/name`.
   *
   * @default - the workload's name
   */
  readonly appName?: string;
  /**
   * Higher-level application this is part of, `app.kubernetes.io/part-of`.
   *
   * @default - not set
   */
  readonly partOf?: string;
  /**
   * Role within the application, `app.kubernetes.io/component` (e.g. `api`, `database`).
   *
   * @default - not set
   */
  readonly component?: string;
  /**
   * Extra labels on every object and pod.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations on the workload object.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * ServiceAccount the pods run as.
   *
   * @default - a dedicated ServiceAccount with automountServiceAccountToken false
   */
  readonly serviceAccount?: IServiceAccount;
}

/** Internal: how a workload kind uses the shared parts. */
export interface WorkloadKind {
  readonly role: PodIntent['role'];
  readonly restartPolicy: PodIntent['restartPolicy'];
  readonly replicas?: number;
  /** Longest name the kind allows (CronJob names leave room for the Job suffix). */
  readonly maxNameLength: number;
  readonly mainVolumeMounts?: PodIntent['mainVolumeMounts'];
}

/** A workload of this library: what other constructs (policies, grants) need to refer to it. */
export interface IHardenedWorkload extends IConstruct {
  /** Name of the workload object and its companions. */
  readonly name: string;
  /** Labels that select this workload's pods. */
  readonly selectorLabels: { [key: string]: string };
  /** Name of the ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
}

/**
 * What every hardened workload has: a name, labels, a pod hardened by the core, and its ServiceAccount.
 * Kind-specific classes add their own object (Deployment, StatefulSet, Job, CronJob) and companions.
 * Hidden from the jsii API: its members surface on each kind's class.
 * @internal
 */
export abstract class HardenedWorkload extends Construct implements IHardenedWorkload {
  /** Name of the workload object and its companions. */
  public readonly name: string;
  /** Labels that select this workload's pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** Name of the ServiceAccount the pods run as. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount made for this workload, unless one was given. */
  public readonly serviceAccountObject?: ApiObject;

  /** @internal */ protected readonly _labels: Record<string, string>;
  /** @internal */ protected readonly _pod: HardenedPod;
  /** @internal */ protected readonly _annotations: Record<string, string>;

  protected constructor(scope: Construct, id: string, props: HardenedWorkloadProps, kind: WorkloadKind) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: kind.maxNameLength });
    if (this.name.length > kind.maxNameLength) {
      throw propError(this, 'name', `"${this.name}" is longer than ${kind.maxNameLength} characters`, `use at most ${kind.maxNameLength} characters`);
    }
    checkDnsLabel(this, 'name', this.name);
    const appName = props.appName ?? this.name;
    this.selectorLabels = { 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/name': appName };

    this.serviceAccountName = props.serviceAccount?.name ?? this.name;
    checkDnsLabel(this, 'serviceAccount.name', this.serviceAccountName);

    const pod = hardenPod(this, {
      props,
      prop: 'props',
      labels: {},
      selector: this.selectorLabels,
      serviceAccountName: this.serviceAccountName,
      role: kind.role,
      restartPolicy: kind.restartPolicy,
      replicas: kind.replicas,
      mainVolumeMounts: kind.mainVolumeMounts,
    });
    this._labels = this.buildLabels(props, pod.imageTag);
    (pod.template.metadata as { labels: Record<string, string> }).labels = this._labels;
    this._pod = pod;
    this._annotations = this.buildAnnotations(props, pod.annotations);

    if (!props.serviceAccount) {
      this.serviceAccountObject = new ApiObject(this, 'ServiceAccount', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: this.serviceAccountName, labels: this._labels },
        automountServiceAccountToken: false,
      } as any);
    }
  }

  /** Namespace the workload's objects land in (the chart's). */
  public get namespace(): string | undefined {
    return Chart.of(this).namespace;
  }

  /**
   * Metadata of the workload object.
   * @internal
   */
  protected _metadata(): Record<string, unknown> {
    return {
      name: this.name,
      labels: this._labels,
      ...(Object.keys(this._annotations).length ? { annotations: this._annotations } : {}),
    };
  }

  /**
   * A Service for the pods' ports: ClusterIP, or headless for a StatefulSet's stable network identities.
   * @internal
   */
  protected _createService(headless: boolean): ApiObject | undefined {
    const ports = this._pod.ports;
    // A headless Service is still needed without ports: it is what gives StatefulSet pods their DNS names.
    if (ports.length === 0 && !headless) return undefined;
    checkServiceName(this, 'name', this.name);
    return new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.name, labels: this._labels },
      spec: {
        ...(headless ? { clusterIP: 'None' } : {}),
        ...(ports.length ? { ports: ports.map(p => ({ name: p.name, port: p.number, protocol: p.protocol, targetPort: p.name })) } : {}),
        selector: this.selectorLabels,
        type: 'ClusterIP',
      },
    } as any);
  }

  /**
   * A PodDisruptionBudget so voluntary disruptions (drains, upgrades) take at most `maxUnavailable` pods at a time.
   * @internal
   */
  protected _createDisruptionBudget(maxUnavailable: number): ApiObject {
    return new ApiObject(this, 'PodDisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: this.name, labels: this._labels },
      spec: { maxUnavailable, selector: { matchLabels: this.selectorLabels } },
    } as any);
  }

  private buildLabels(props: HardenedWorkloadProps, imageTag: string | undefined): Record<string, string> {
    const recommended: Record<string, string> = {
      ...this.selectorLabels,
      'app.kubernetes.io/managed-by': 'cdk8s',
      ...(props.partOf ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
      ...(props.component ? { 'app.kubernetes.io/component': props.component } : {}),
      ...(imageTag && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(imageTag) ? { 'app.kubernetes.io/version': imageTag } : {}),
    };
    for (const key of Object.keys(props.labels ?? {})) {
      if (key in this.selectorLabels) {
        throw propError(this, `labels["${key}"]`, 'this label selects the pods and is set by the library', 'use appName or name to change it');
      }
    }
    const labels = { ...recommended, ...props.labels };
    checkLabels(this, 'labels', labels);
    return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  }

  private buildAnnotations(props: HardenedWorkloadProps, waivers: Record<string, string>): Record<string, string> {
    for (const key of Object.keys(props.annotations ?? {})) {
      if (key.startsWith(WAIVER_ANNOTATION_PREFIX)) {
        throw propError(this, `annotations["${key}"]`, 'waiver annotations are written by the library from `waivers`', 'pass a Waiver in `waivers` instead');
      }
    }
    return { ...props.annotations, ...waivers };
  }
}
