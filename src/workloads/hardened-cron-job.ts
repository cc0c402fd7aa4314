import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { JobOptions, JobRestartPolicy, jobSpec } from './hardened-job';
import { HardenedWorkload, HardenedWorkloadProps } from './hardened-workload';
import { propError } from '../core/errors';
import { checkDurationSeconds, checkPositiveInteger, checkType } from '../core/validation';

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
    // The controller looks for due runs about every 10 seconds: a shorter deadline can skip runs without a trace.
    const startingDeadline = checkDurationSeconds(this, 'startingDeadline', props.startingDeadline ?? Duration.minutes(5), 10,
      'give at least Duration.seconds(10); the CronJob controller checks for due runs about every 10 seconds');
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
        startingDeadlineSeconds: startingDeadline,
        successfulJobsHistoryLimit: successful,
        suspend: props.suspend ?? false,
        ...(props.timeZone ? { timeZone: props.timeZone } : {}),
      },
    } as any);
  }
}

// The schedule grammar of the API server and the CronJob controller: github.com/robfig/cron/v3 `ParseStandard`.
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly firstName?: number;
}
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, firstName: 1 },
  // robfig/cron counts Sunday as 0 only: 7 is out of range, and the API server refuses it.
  { name: 'day of week', min: 0, max: 6, names: DAYS, firstName: 0 },
];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Go's time.ParseDuration units, for `@every <duration>`.
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Refuses what the API server refuses (time zones in the schedule, values out of range, malformed fields) and a
 * schedule that can never fire (e.g. the 31st of February). Accepts everything the API server accepts: lists,
 * ranges, steps (`*\/5`, `1-30/2`, `5/15` meaning 5 to the end every 15), `?`, month and weekday names in any case,
 * the @-macros and `@every <duration>`.
 */
function checkSchedule(scope: Construct, schedule: string): void {
  checkType(scope, 'schedule', schedule, 'string', '"30 2 * * *"');
  const s = schedule.trim();
  // The API server refuses any "TZ" in the schedule of a new CronJob (CRON_TZ= and TZ= prefixes alike).
  if (s.includes('TZ')) {
    throw propError(scope, 'schedule', `"${schedule}" names a time zone; time zones inside the schedule are refused by the API server`, 'move the zone to the timeZone prop, e.g. timeZone: "Europe/Berlin"');
  }
  const usage = 'use five fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or a macro such as "@daily"';
  if (s.startsWith('@')) {
    if (MACROS.has(s)) return;
    const every = /^@every\s+(\S+)$/.exec(s);
    if (every && GO_DURATION.test(every[1])) return;
    throw propError(scope, 'schedule', `"${schedule}" is not a cron macro (${[...MACROS].join(', ')} or "@every <duration>")`, usage);
  }
  const fields = s === '' ? [] : s.split(/\s+/);
  if (fields.length !== 5) {
    throw propError(scope, 'schedule', `"${schedule}" is not a cron schedule: it has ${fields.length || 'no'} field${fields.length === 1 ? '' : 's'} instead of 5`, usage);
  }
  const parsed = fields.map((f, i) => parseCronField(scope, schedule, f, CRON_FIELDS[i]));
  const [, , dom, month, dow] = parsed;
  // With a '*' day of week, only the day of month decides; a day no chosen month has never comes.
  const longest = Math.max(...[...month.values].map(m => DAYS_IN_MONTH[m - 1]));
  if (dow.star && Math.min(...dom.values) > longest) {
    throw propError(scope, 'schedule', `"${schedule}" never runs: no chosen month has day ${Math.min(...dom.values)}`, 'choose days that exist in the chosen months');
  }
}

/** The values one field selects, and whether it was an unrestricted `*` or `?` (which changes how the day fields combine). */
function parseCronField(scope: Construct, schedule: string, field: string, spec: CronField): { values: Set<number>; star: boolean } {
  const fail = (problem: string): never => {
    throw propError(scope, 'schedule', `"${schedule}" is not a valid cron schedule: ${spec.name} "${field}" ${problem}`,
      `use values from ${spec.min} to ${spec.max}${spec.names ? ` or the names ${spec.names[0].toUpperCase()}-${spec.names[spec.names.length - 1].toUpperCase()}` : ''}, lists (1,15), ranges (1-5) and steps (*/10)`);
  };
  const value = (text: string): number => {
    const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
    if (named >= 0) return named + spec.firstName!;
    if (!/^[0-9]+$/.test(text)) fail(`has "${text}", which is not a number${spec.names ? ' or a name' : ''}`);
    return Number(text);
  };
  const values = new Set<number>();
  let star = false;
  for (const part of field.split(',')) {
    const [range, step, ...extraSlash] = part.split('/');
    if (extraSlash.length) fail('has more than one "/"');
    const bounds = range.split('-');
    let start: number;
    let end: number;
    if (range === '*' || range === '?') {
      [start, end] = [spec.min, spec.max];
    } else {
      if (bounds.length > 2) fail('has more than one "-"');
      start = value(bounds[0]);
      // "N/step" runs from N to the field's end (robfig/cron).
      end = bounds.length === 2 ? value(bounds[1]) : step !== undefined ? spec.max : start;
    }
    const by = step === undefined ? 1 : /^[0-9]+$/.test(step) ? Number(step) : fail(`has step "${step}", which is not a number`);
    if (start < spec.min) fail(`starts below ${spec.min}`);
    if (end > spec.max) fail(`goes above ${spec.max}`);
    if (start > end) fail(`has a range that ends before it starts (${start}-${end})`);
    if (by === 0) fail('has a step of 0');
    if ((range === '*' || range === '?') && by === 1) star = true;
    for (let v = start; v <= end; v += by) values.add(v);
  }
  return { values, star };
}
