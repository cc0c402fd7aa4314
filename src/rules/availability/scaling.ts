/** How many pods a workload runs, and which HorizontalPodAutoscaler scales it. */
import { ObjectIndex } from '../object-index';
import { Manifest } from '../rule';

/** The replicated kinds the availability rules judge. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/** The HorizontalPodAutoscaler in the workload's namespace whose scaleTargetRef names it, if the audit holds one. */
export function autoscalerOf(workload: Manifest, index: ObjectIndex): Manifest | undefined {
  return index.inNamespace('HorizontalPodAutoscaler', workload.metadata?.namespace).find(hpa =>
    hpa.spec?.scaleTargetRef?.kind === workload.kind && hpa.spec?.scaleTargetRef?.name === workload.metadata?.name);
}

/** The replicas a workload runs at least: its HPA's minReplicas (default 1) if one targets it, else spec.replicas (default 1). */
export function minimumReplicas(workload: Manifest, index: ObjectIndex): number {
  const hpa = autoscalerOf(workload, index);
  const replicas: unknown = hpa ? hpa.spec?.minReplicas : workload.spec?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}
