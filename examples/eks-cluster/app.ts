import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { App as Cdk8sApp } from 'cdk8s';
import { buildReferenceApp } from '../reference-app/app';
import { HardenedEksCluster } from 'cdk8s-hardening/aws';

/** The cluster, its stack, and the charts deployed on it. */
export interface EksExample {
  readonly stack: Stack;
  readonly cluster: HardenedEksCluster;
  readonly charts: Cdk8sApp;
}

/**
 * The reference application (`examples/reference-app`: its namespaces, workloads and guardrails) on a hardened EKS cluster. The stack is environment-agnostic, so it
 * synthesizes offline: no account, region or availability-zone lookups.
 */
export function buildEksExample(app: App = new App(), charts: Cdk8sApp = buildReferenceApp().app): EksExample {
  const stack = new Stack(app, 'shop-eks', { description: 'The shop on a hardened EKS cluster (cdk8s-hardening example)' });

  const cluster = new HardenedEksCluster(stack, 'cluster', {
    clusterName: 'shop',
    version: eks.KubernetesVersion.V1_33,
    // The layer package pins kubectl 1.33, matching the control plane.
    kubectlLayer: new KubectlV33Layer(stack, 'kubectl'),
    nodeGroup: { minSize: 3, maxSize: 6 },
  });

  for (const chart of charts.charts) {
    cluster.addCdk8sChart(chart.node.id, chart);
  }

  // The External Secrets Operator (installed by its Helm chart, with its ServiceAccount) reads the shop's
  // database credentials, and only them.
  const externalSecrets = cluster.addPodIdentity('ExternalSecrets', { name: 'external-secrets', namespace: 'external-secrets' });
  externalSecrets.grantSecretsRead([
    stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: 'shop/database-??????', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
  ]);

  return { stack, cluster, charts };
}
