/**
 * The apps the benchmark synthesizes: N hardened workloads, the same manifests as raw ApiObjects
 * (the floor for anything built on cdk8s), and cdk8s-plus-28 configured by hand to the same hardening.
 */
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
// The compiled library, as users load it.
import { Cpu, HardenedDeployment, HardeningDefaults, IsolatedNamespace } from '../lib';

export const IMAGE = 'registry.example.com/bench/api@sha256:4f1a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a';

function appWithDefaults(): App {
  const app = new App({ outdir: '/tmp/cdk8s-hardening-bench' });
  HardeningDefaults.set(app, {
    resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
  });
  return app;
}

/**
 * N workloads over N/10 IsolatedNamespaces, each workload reached by the previous one of its namespace.
 * `chartPerNamespace`: one chart per namespace (the recommended layout) or everything in one chart.
 */
export function namespacedApp(n: number, chartPerNamespace: boolean): App {
  const app = appWithDefaults();
  const single = chartPerNamespace ? undefined : new Chart(app, 'all');
  for (let ns = 0; ns < Math.max(1, n / 10); ns++) {
    const chart = single ?? new Chart(app, `ns${ns}`);
    const namespace = new IsolatedNamespace(chart, `namespace${ns}`, { name: `team-${ns}` });
    let previous: HardenedDeployment | undefined;
    for (let i = 0; i < 10 && ns * 10 + i < n; i++) {
      const w: HardenedDeployment = new HardenedDeployment(chart, `w${ns}-${i}`, { namespace, image: IMAGE, port: 8080 });
      if (previous) w.allowFrom(previous);
      previous = w;
    }
  }
  return app;
}

export function hardenedApp(n: number): App {
  const app = appWithDefaults();
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let i = 0; i < n; i++) new HardenedDeployment(chart, `w${i}`, { image: IMAGE, port: 8080 });
  return app;
}

/** The JSON of every object the hardened app emits, to rebuild as raw ApiObjects. */
export function hardenedManifests(n: number): any[] {
  return hardenedApp(n).charts.flatMap(c => c.toJson());
}

export function floorApp(manifests: readonly any[]): App {
  const app = new App({ outdir: '/tmp/cdk8s-hardening-bench' });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  manifests.forEach((m, i) => new ApiObject(chart, `o${i}`, m));
  return app;
}

/** cdk8s-plus-28 with everything it can set by props, and the rest (seccomp, capabilities, PDB, spread) by patches and ApiObjects. */
export function plusApp(n: number): App {
  const app = new App({ outdir: '/tmp/cdk8s-hardening-bench' });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let i = 0; i < n; i++) {
    const sa = new kplus.ServiceAccount(chart, `sa${i}`, { automountToken: false });
    const d = new kplus.Deployment(chart, `w${i}`, {
      replicas: 2,
      serviceAccount: sa,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{
        image: IMAGE,
        portNumber: 8080,
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, user: 10001, group: 10001 },
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        readiness: kplus.Probe.fromTcpSocket({ port: 8080 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 8080 }),
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `tmp${i}`, 'tmp', { sizeLimit: Size.mebibytes(64) }) }],
      }],
    });
    d.exposeViaService();
    const obj = ApiObject.of(d);
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: d.matchLabels } },
    ]));
    new ApiObject(chart, `pdb${i}`, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { maxUnavailable: 1, selector: { matchLabels: d.matchLabels } } } as any);
  }
  return app;
}
