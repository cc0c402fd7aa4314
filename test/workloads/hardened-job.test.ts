import { Chart, Duration } from 'cdk8s';
import { ConcurrencyPolicy, HardenedCronJob, HardenedJob, JobRestartPolicy } from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

describe('HardenedJob', () => {
  const c = new Chart(appWithDefaults(), 'ops', { namespace: 'ops' });
  new HardenedJob(c, 'migrate', { image: IMAGE, args: ['migrate', '--to', 'latest'], activeDeadline: Duration.minutes(10) });
  const objects = synthObjects(c);
  const job = objects.find(o => o.kind === 'Job')!;

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and PSS restricted', () => {
    expectHardened(objects);
  });

  test('runs to completion: no probes, no Service, no PDB, no replicas', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['Job', 'NetworkPolicy', 'ServiceAccount']);
    const main = job.spec.template.spec.containers[0];
    expect(main.readinessProbe).toBeUndefined();
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
  });

  test('has the same hardened pod as the long-running kinds', () => {
    const pod = job.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
  });
});

describe('HardenedCronJob', () => {
  const c = new Chart(appWithDefaults(), 'ops', { namespace: 'ops' });
  new HardenedCronJob(c, 'backup', {
    image: IMAGE,
    schedule: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    restartPolicy: JobRestartPolicy.ON_FAILURE,
  });
  const objects = synthObjects(c);
  const cron = objects.find(o => o.kind === 'CronJob')!;

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and PSS restricted', () => {
    expectHardened(objects);
  });

  test('forbids overlapping runs and bounds history', () => {
    expect(cron.spec).toMatchObject({
      concurrencyPolicy: ConcurrencyPolicy.FORBID,
      schedule: '30 2 * * *',
      timeZone: 'Europe/Berlin',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(cron.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test.each(['@hourly', '*/15 * * * *', '0 0 1,15 * MON-FRI'])('accepts the schedule %s', (schedule) => {
    const c2 = new Chart(appWithDefaults(), 'x');
    expect(() => new HardenedCronJob(c2, 'j', { image: IMAGE, schedule })).not.toThrow();
  });
});
