import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { JobOptions, JobRestartPolicy, jobSpec } from './hardened-job';
import { HardenedWorkload, HardenedWorkloadProps } from './hardened-workload';
import { propError } from '../core/errors';
import { checkPositiveInteger } from '../core/validation';

/** What happens when a run is due while the previous one is still running. */
export enum ConcurrencyPolicy {
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the running Job and start the new one. */
  REPLACE = 'Replace',
  /** Run both. */
  ALLOW = 'Allow',
}

/** Props of a HardenedCronJob. */
export interface HardenedCronJobProps extends HardenedWorkloadProps, JobOptions {
  /** Cron schedule: five fields (`m h dom mon dow`) or a macro such as `@daily`. Time zones go in `timeZone`. */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule, e.g. `Europe/Berlin`.
   *
   * @default - the kube-controller-manager's time zone
   */
  readonly timeZone?: string;
  /**
   * What a due run does while the previous one still runs.
   *
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * How late a missed run may still start.
   *
   * @default Duration.minutes(5)
   */
  readonly startingDeadline?: Duration;
  /**
   * Finished successful Jobs kept.
   *
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Finished failed Jobs kept.
   *
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Create the CronJob suspended.
   *
   * @default false
   */
  readonly suspend?: boolean;
}

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/**
 * A CronJob whose pods are hardened like every other workload of this library. Overlapping runs are
 * forbidden by default, so a slow run never piles up copies of itself.
 */
export class HardenedCronJob extends HardenedWorkload {
  /** The CronJob object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    // Job names get an 11-character suffix per run, so the CronJob's name must leave room for it.
    super(scope, id, props, { role: 'batch', restartPolicy: props.restartPolicy ?? JobRestartPolicy.NEVER, maxNameLength: 52 });
    checkSchedule(this, props.schedule);
    if (props.timeZone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(props.timeZone)) {
      throw propError(this, 'timeZone', `"${props.timeZone}" is not an IANA time zone name`, 'use a name such as "Etc/UTC" or "Europe/Berlin"');
    }
    const successful = props.successfulJobsHistoryLimit ?? 3;
    const failed = props.failedJobsHistoryLimit ?? 1;
    checkPositiveInteger(this, 'successfulJobsHistoryLimit', successful, 0);
    checkPositiveInteger(this, 'failedJobsHistoryLimit', failed, 0);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: this._metadata(),
      spec: {
        concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
        failedJobsHistoryLimit: failed,
        jobTemplate: { metadata: { labels: this._labels }, spec: jobSpec(this, props, this._pod.template, undefined) },
        schedule: props.schedule,
        startingDeadlineSeconds: (props.startingDeadline ?? Duration.minutes(5)).toSeconds(),
        successfulJobsHistoryLimit: successful,
        suspend: props.suspend ?? false,
        ...(props.timeZone ? { timeZone: props.timeZone } : {}),
      },
    } as any);
  }
}

function checkSchedule(scope: Construct, schedule: string): void {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) {
    throw propError(scope, 'schedule', 'time zones inside the schedule are not supported by Kubernetes', 'move the zone to the timeZone prop');
  }
  if (MACROS.has(s)) return;
  const fields = s.split(/\s+/);
  if (fields.length !== 5 || !fields.every(f => FIELD.test(f))) {
    throw propError(scope, 'schedule', `"${schedule}" is not a cron schedule`, 'use five fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or a macro such as "@daily"');
  }
}
