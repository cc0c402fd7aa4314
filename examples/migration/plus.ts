/** The small app as most teams write it today: cdk8s-plus-28 with its defaults. */
import { App, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export function buildPlusApp(app: App): App {
  const chart = new Chart(app, 'shop-plus', { namespace: 'shop' });
  const api = new kplus.Deployment(chart, 'api', {
    containers: [{ image: 'registry.example.com/shop/api:1.4.2', portNumber: 8080 }],
  });
  api.exposeViaService({ ports: [{ port: 8080 }] });
  const web = new kplus.Deployment(chart, 'web', {
    containers: [{ image: 'registry.example.com/shop/web:2.0.1', portNumber: 8443 }],
  });
  web.exposeViaService({ ports: [{ port: 8443 }] });
  new kplus.CronJob(chart, 'report', {
    schedule: Cron.daily(),
    containers: [{ image: 'registry.example.com/shop/reporter:0.9.0' }],
  });
  return app;
}
