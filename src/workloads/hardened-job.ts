import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedWorkload, HardenedWorkloadProps } from './hardened-workload';
import { checkDurationSeconds, checkPositiveInteger } from '../core/validation';

/** What a failed pod of a Job does. */
export enum JobRestartPolicy {
  /** A new pod is created for each retry (clean state; failed pods stay for inspection). */
  NEVER = 'Never',
  /** The container is restarted in the same pod. */
  ON_FAILURE = 'OnFailure',
}

/** Run-to-completion settings shared by HardenedJob and HardenedCronJob. */
export interface JobOptions {
  /**
   * Retries before the Job is marked failed.
   *
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * Longest the Job may run before it is stopped.
   *
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished Job is kept before it is deleted.
   *
   * @default Duration.days(1) for a HardenedJob; a CronJob's history limits apply to its Jobs instead
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Successful pods needed.
   *
   * @default 1
   */
  readonly completions?: number;
  /**
   * Pods running at once.
   *
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * What a failed pod does.
   *
   * @default JobRestartPolicy.NEVER
   */
  readonly restartPolicy?: JobRestartPolicy;
}

/** Props of a HardenedJob. */
export interface HardenedJobProps extends HardenedWorkloadProps, JobOptions {}

/**
 * Internal: the Job spec for both HardenedJob and HardenedCronJob.
 */
export function jobSpec(scope: Construct, options: JobOptions, template: unknown, defaultTtl: Duration | undefined): Record<string, unknown> {
  const backoffLimit = options.backoffLimit ?? 3;
  checkPositiveInteger(scope, 'backoffLimit', backoffLimit, 0);
  if (options.completions !== undefined) checkPositiveInteger(scope, 'completions', options.completions, 1);
  if (options.parallelism !== undefined) checkPositiveInteger(scope, 'parallelism', options.parallelism, 1);
  const ttl = options.ttlAfterFinished ?? defaultTtl;
  // A deadline of 0 stops the Job the moment it starts; the API server wants whole seconds.
  const activeDeadline = options.activeDeadline !== undefined
    ? checkDurationSeconds(scope, 'activeDeadline', options.activeDeadline, 1, 'give a deadline of at least Duration.seconds(1), or leave it unset for none')
    : undefined;
  const ttlSeconds = ttl !== undefined ? checkDurationSeconds(scope, 'ttlAfterFinished', ttl, 0, 'give a whole number of seconds, e.g. Duration.hours(6)') : undefined;
  return {
    ...(activeDeadline !== undefined ? { activeDeadlineSeconds: activeDeadline } : {}),
    backoffLimit,
    ...(options.completions !== undefined ? { completions: options.completions } : {}),
    ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}),
    template,
    ...(ttlSeconds !== undefined ? { ttlSecondsAfterFinished: ttlSeconds } : {}),
  };
}

/**
 * A Job whose pod is hardened like every other workload of this library; it runs to completion,
 * so it gets no probes, replicas or Service.
 */
export class HardenedJob extends HardenedWorkload {
  /** The Job object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: HardenedJobProps) {
    super(scope, id, props, { role: 'batch', restartPolicy: props.restartPolicy ?? JobRestartPolicy.NEVER, maxNameLength: 63 });
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: this._metadata(),
      spec: jobSpec(this, props, this._pod.template, Duration.days(1)),
    } as any);
  }
}
