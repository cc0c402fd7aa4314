/**
 * A real control plane for the acceptance run: etcd and kube-apiserver on loopback, with a temporary data folder
 * and certificates made here with openssl. `stop()` kills both; the caller runs it in a `finally`, and a process exit
 * hook kills them too, so a failed or timed-out run never leaves a server behind.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface ClusterOptions {
  readonly kubeApiserver: string;
  readonly etcd: string;
  /** Passed as --audit-policy-file; the audit log is written to `auditLog`. */
  readonly auditPolicyFile?: string;
  /** Passed as --encryption-provider-config. */
  readonly encryptionConfigFile?: string;
  /** Reuse the data folder (etcd data, certificates) of an earlier start, to restart on the same state. */
  readonly dir?: string;
  readonly readyTimeoutMs?: number;
  /**
   * Readiness endpoint waited for, e.g. `readyz?exclude=kms-providers` for a server whose KMS plugin is absent.
   *
   * @default 'readyz'
   */
  readonly waitFor?: string;
}

const running = new Set<ChildProcess>();
process.on('exit', () => { for (const p of running) p.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => { for (const p of running) p.kill('SIGKILL'); process.exit(130); });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, the server's certificate for 127.0.0.1, an admin client certificate in system:masters, a service-account key. */
function makeCertificates(dir: string): void {
  if (fs.existsSync(path.join(dir, 'admin.crt'))) return;
  const days = ['-days', '2'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=acceptance-ca', ...days], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-extfile', 'server.ext', ...days], dir);
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=acceptance-admin'], dir);
  openssl(['x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'admin.crt', '-extfile', 'client.ext', ...days], dir);
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

export interface KubeResponse {
  readonly status: number;
  readonly body: any;
  /** The `Warning` headers (admission warnings, deprecations), without the `299 - ` prefix. */
  readonly warnings: string[];
}

export class Cluster {
  public static async start(options: ClusterOptions): Promise<Cluster> {
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-acceptance-'));
    makeCertificates(dir);
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const cluster = new Cluster(dir, apiPort);
    try {
      const etcdLog = fs.openSync(path.join(dir, 'etcd.log'), 'a');
      cluster.spawn(options.etcd, [
        '--data-dir', path.join(dir, 'etcd-data'), '--name', 'acceptance',
        '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
        '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
        '--initial-cluster', `acceptance=http://127.0.0.1:${peerPort}`, '--log-level', 'warn',
      ], etcdLog);
      const apiLog = fs.openSync(path.join(dir, 'kube-apiserver.log'), 'a');
      const p = (f: string) => path.join(dir, f);
      cluster.spawn(options.kubeApiserver, [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
        `--cert-dir=${p('apiserver-certs')}`, `--tls-cert-file=${p('server.crt')}`, `--tls-private-key-file=${p('server.key')}`,
        `--client-ca-file=${p('ca.crt')}`,
        `--service-account-key-file=${p('sa.pub')}`, `--service-account-signing-key-file=${p('sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=RBAC',
        // The endpoint reconciler publishes the advertise address as the `kubernetes` Service's endpoint and refuses a
        // loopback one; no pod here ever reaches the server through that Service.
        '--endpoint-reconciler-type=none',
        // As every real cluster's API server runs (kubeadm, EKS): privileged pods are then refused by Pod Security in the
        // namespaces that enforce it, which is what the fixtures test, not by the server for the whole cluster.
        '--allow-privileged=true',
        ...(options.auditPolicyFile ? [`--audit-policy-file=${options.auditPolicyFile}`, `--audit-log-path=${p('audit.log')}`] : []),
        ...(options.encryptionConfigFile ? [`--encryption-provider-config=${options.encryptionConfigFile}`] : []),
        '--v=1',
      ], apiLog);
      await cluster.waitReady(options.readyTimeoutMs ?? 180_000, options.waitFor ?? 'readyz');
      return cluster;
    } catch (e) {
      cluster.stop();
      throw e;
    }
  }

  private readonly processes: ChildProcess[] = [];
  private readonly agent: https.Agent;
  private exited: string | undefined;

  private constructor(public readonly dir: string, public readonly port: number) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: fs.readFileSync(path.join(dir, 'ca.crt')),
      cert: fs.readFileSync(path.join(dir, 'admin.crt')),
      key: fs.readFileSync(path.join(dir, 'admin.key')),
    });
  }

  public get auditLog(): string { return path.join(this.dir, 'audit.log'); }

  /** A kubeconfig for kubectl, with the admin client certificate. */
  public kubeconfig(): string {
    const file = path.join(this.dir, 'kubeconfig');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Config', 'current-context: acceptance',
      'clusters: [{name: acceptance, cluster: {server: "https://127.0.0.1:' + this.port + '", certificate-authority: "' + path.join(this.dir, 'ca.crt') + '"}}]',
      'users: [{name: admin, user: {client-certificate: "' + path.join(this.dir, 'admin.crt') + '", client-key: "' + path.join(this.dir, 'admin.key') + '"}}]',
      'contexts: [{name: acceptance, context: {cluster: acceptance, user: admin}}]', '',
    ].join('\n'));
    return file;
  }

  private spawn(bin: string, args: string[], log: number): void {
    const child = spawn(bin, args, { stdio: ['ignore', log, log] });
    running.add(child);
    this.processes.push(child);
    child.on('exit', (code, signal) => {
      running.delete(child);
      this.exited ??= `${path.basename(bin)} exited (${signal ?? code}); see ${this.dir}`;
    });
  }

  private async waitReady(timeoutMs: number, endpoint: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(this.exited);
      try {
        const r = await this.request('GET', `/${endpoint}`);
        if (r.status === 200) return;
        last = `${endpoint} ${r.status}: ${typeof r.body === 'string' ? r.body.slice(-400) : ''}`;
      } catch (e) {
        last = String(e);
      }
      await new Promise(res => setTimeout(res, 500));
    }
    throw new Error(`kube-apiserver was not ready after ${timeoutMs / 1000}s (${last}); logs in ${this.dir}`);
  }

  public stop(): void {
    for (const p of this.processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    const killLater = setTimeout(() => { for (const p of this.processes) if (p.exitCode === null) p.kill('SIGKILL'); }, 5000);
    killLater.unref();
    this.agent.destroy();
  }

  /** Stops and waits until both processes are gone (for a restart on the same data folder). */
  public async stopAndWait(): Promise<void> {
    const gone = this.processes.map(p => (p.exitCode !== null || p.signalCode !== null) ? Promise.resolve() : new Promise<void>(res => p.once('exit', () => res())));
    this.stop();
    await Promise.all(gone);
  }

  public request(method: string, urlPath: string, body?: unknown, contentType = 'application/json', userAgent = 'cdk8s-hardening-acceptance'): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request({
        host: '127.0.0.1',
        port: this.port,
        method,
        path: urlPath,
        agent: this.agent,
        timeout: 60_000,
        headers: { 'Accept': 'application/json', 'User-Agent': userAgent, ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}) },
      }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = JSON.parse(text); } catch { /* plain text, e.g. /readyz */ }
          const raw = res.headers.warning;
          const warnings = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap(w => w.split(/,(?=\s*299 )/)).map(w => w.trim().replace(/^299 - /, '').replace(/^"|"$/g, ''));
          resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
