import { IConstruct } from 'constructs';
import { checkDnsLabel, checkLabels } from '../core/validation';

/** What a node taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** New pods without the toleration are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** Like NO_SCHEDULE, and running pods without the toleration are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * Dedicated nodes for the workloads of a namespace, e.g. a PCI zone. The workloads get a nodeSelector for the
 * zone's node label and a toleration for its taint; the platform labels and taints the zone's nodes
 * (`kubectl label node n <key>=<zone>` and `kubectl taint node n <key>=<zone>:NoSchedule`), so only the zone's
 * pods run there and the zone's pods run nowhere else.
 */
export interface ComplianceZone {
  /** Zone name (DNS-1123 label), e.g. `pci`: the value of the node label and of the taint. */
  readonly name: string;
  /**
   * Key of the node label and of the taint that mark the zone's nodes.
   *
   * @default 'compliance.cdk8s-hardening.dev/zone'
   */
  readonly nodeKey?: string;
  /**
   * Effect of the zone's taint, matched by the toleration.
   *
   * @default TaintEffect.NO_SCHEDULE
   */
  readonly taintEffect?: TaintEffect;
}

/** The default key of a compliance zone's node label and taint. */
export const ZONE_KEY = 'compliance.cdk8s-hardening.dev/zone';

/** Internal: where the pods of a zone go. */
export interface ZonePlacement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Array<Record<string, string>>;
  /** Labels of the Namespace, so policies and audits can tell zones apart. */
  readonly namespaceLabels: Record<string, string>;
  /**
   * Namespace annotations read by the PodNodeSelector and PodTolerationRestriction admission plugins, where
   * enabled, so even pods not built by this library are pinned to the zone.
   */
  readonly namespaceAnnotations: Record<string, string>;
}

export function zonePlacement(scope: IConstruct, zone: ComplianceZone): ZonePlacement {
  checkDnsLabel(scope, 'complianceZone.name', zone.name);
  const key = zone.nodeKey ?? ZONE_KEY;
  checkLabels(scope, 'complianceZone.nodeKey', { [key]: zone.name });
  const toleration = { effect: zone.taintEffect ?? TaintEffect.NO_SCHEDULE, key, operator: 'Equal', value: zone.name };
  return {
    nodeSelector: { [key]: zone.name },
    tolerations: [toleration],
    namespaceLabels: { [ZONE_KEY]: zone.name },
    namespaceAnnotations: {
      'scheduler.alpha.kubernetes.io/defaultTolerations': JSON.stringify([toleration]),
      'scheduler.alpha.kubernetes.io/node-selector': `${key}=${zone.name}`,
    },
  };
}
