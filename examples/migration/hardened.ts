/** The same app with cdk8s-hardening: the lines differ little, the manifests a lot. */
import { App, Chart, Size } from 'cdk8s';
import { Cpu, HardenedCronJob, HardenedDeployment, HardeningDefaults, IsolatedNamespace } from 'cdk8s-hardening';

export function buildHardenedApp(app: App): App {
  HardeningDefaults.set(app, {
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
  });
  const chart = new Chart(app, 'shop-hardened');
  const namespace = new IsolatedNamespace(chart, 'shop', { name: 'shop' });
  const api = new HardenedDeployment(chart, 'api', { namespace, name: 'api', image: 'registry.example.com/shop/api:1.4.2', port: 8080 });
  const web = new HardenedDeployment(chart, 'web', { namespace, name: 'web', image: 'registry.example.com/shop/web:2.0.1', port: 8443 });
  api.allowFrom(web);
  const report = new HardenedCronJob(chart, 'report', { namespace, name: 'report', image: 'registry.example.com/shop/reporter:0.9.0', schedule: '@daily' });
  api.allowFrom(report);
  return app;
}
