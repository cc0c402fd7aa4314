/**
 * The few API calls the acceptance checks make, straight over HTTPS with the admin client certificate:
 * discovery (kind → resource), server-side apply and create, optionally as a dry run (admission runs in full).
 */
import { Cluster, KubeResponse } from './cluster';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: any;
}

interface ResourceInfo { readonly resource: string; readonly namespaced: boolean }

export class Kube {
  private resources = new Map<string, ResourceInfo>();

  constructor(public readonly cluster: Cluster) {}

  /** Reads the served resources; call again after installing CRDs. */
  public async discover(): Promise<void> {
    const map = new Map<string, ResourceInfo>();
    const groupVersions = ['v1'];
    const apis = await this.cluster.request('GET', '/apis');
    for (const g of apis.body.groups ?? []) for (const v of g.versions) groupVersions.push(v.groupVersion);
    await Promise.all(groupVersions.map(async gv => {
      const r = await this.cluster.request('GET', gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
      for (const res of r.body.resources ?? []) {
        if (res.name.includes('/')) continue; // subresources
        map.set(`${gv}/${res.kind}`, { resource: res.name, namespaced: res.namespaced });
      }
    }));
    this.resources = map;
  }

  public serves(apiVersion: string, kind: string): boolean {
    return this.resources.has(`${apiVersion}/${kind}`);
  }

  /** Waits until every given apiVersion/kind is served (CRDs become served a moment after they are created). */
  public async waitServed(kinds: readonly { apiVersion: string; kind: string }[], timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.discover();
      const missing = kinds.filter(k => !this.serves(k.apiVersion, k.kind)).map(k => `${k.apiVersion}/${k.kind}`);
      if (missing.length === 0 || Date.now() > deadline) return missing;
      await new Promise(res => setTimeout(res, 500));
    }
  }

  /** The collection URL of an object's kind (in its namespace, `default` when it has none). */
  public collection(o: Manifest): string {
    const info = this.resources.get(`${o.apiVersion}/${o.kind}`);
    if (!info) throw new Error(`the API server does not serve ${o.apiVersion} ${o.kind}`);
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    return info.namespaced ? `${base}/namespaces/${o.metadata.namespace ?? 'default'}/${info.resource}` : `${base}/${info.resource}`;
  }

  /** Server-side apply (`kubectl apply --server-side [--dry-run=server]`). */
  public apply(o: Manifest, dryRun: boolean, fieldManager = 'acceptance'): Promise<KubeResponse> {
    const q = `?fieldManager=${fieldManager}&force=true${dryRun ? '&dryRun=All' : ''}`;
    return this.cluster.request('PATCH', `${this.collection(o)}/${encodeURIComponent(o.metadata.name ?? '')}${q}`, o, 'application/apply-patch+yaml');
  }

  /** POST; `userAgent` lets the audit log's events be matched to the request (a create's objectRef has no name). */
  public create(o: Manifest, dryRun: boolean, userAgent?: string): Promise<KubeResponse> {
    return this.cluster.request('POST', `${this.collection(o)}${dryRun ? '?dryRun=All' : ''}`, o, 'application/json', userAgent);
  }

  public delete(o: Manifest): Promise<KubeResponse> {
    return this.cluster.request('DELETE', `${this.collection(o)}/${encodeURIComponent(o.metadata.name ?? '')}`);
  }

  public list(apiVersion: string, kind: string): Promise<KubeResponse> {
    return this.cluster.request('GET', this.collection({ apiVersion, kind, metadata: {} }).replace(/\/namespaces\/default\//, '/'));
  }
}

/** One line saying why the server refused a request. */
export function refusal(r: KubeResponse): string {
  return typeof r.body === 'object' && r.body ? `${r.status} ${r.body.reason ?? ''}: ${r.body.message ?? JSON.stringify(r.body)}` : `${r.status}: ${String(r.body).slice(0, 300)}`;
}

export const ok = (r: KubeResponse) => r.status >= 200 && r.status < 300;
