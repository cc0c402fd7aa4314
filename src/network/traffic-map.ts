import { App } from 'cdk8s';
import { renderMermaid, TrafficFlow, trafficFlows } from '../manifest/traffic-flows';

export type { TrafficFlow };

/** A plain manifest object, as synthesized or parsed from YAML. */
type Obj = Record<string, any>;

/**
 * Who can talk to whom, computed from NetworkPolicies: from an app's synthesized objects or from any list of
 * manifests (e.g. parsed YAML), rendered as Mermaid for Markdown and pull-request comments.
 */
export class TrafficMap {
  /** The map of an app's synthesized objects (synthesizes the app in memory). */
  public static fromApp(app: App): TrafficMap {
    return new TrafficMap(app.charts.flatMap(c => c.toJson()));
  }

  /** The map of plain manifest objects, e.g. parsed from YAML. */
  public static fromManifests(manifests: any[]): TrafficMap {
    return new TrafficMap(manifests.filter(m => m && typeof m === 'object'));
  }

  /** Every allowed flow, sorted. */
  public readonly flows: TrafficFlow[];

  private constructor(private readonly objects: Obj[]) {
    this.flows = trafficFlows(objects);
  }

  /** The map as a Mermaid flowchart (without the ```mermaid fence). */
  public toMermaid(): string {
    return renderMermaid(this.flows, this.objects);
  }
}
