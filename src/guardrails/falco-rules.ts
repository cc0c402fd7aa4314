import { ApiObject, Lazy, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { GUARDRAIL_LABELS } from './cluster-objects';
import { Protocol } from '../core/container';
import { propError } from '../core/errors';
import { addSynthFile } from '../core/synth-files';
import { checkDnsLabel, checkDnsSubdomain, checkPortNumber } from '../core/validation';
import { matchesSelector } from '../manifest/label-selector';
import { ContainerRef, containersOf, POD_BEARING_KINDS, PodTemplate, podTemplateOf } from '../manifest/pod-spec';
import { checkCidr } from '../network/cidr';
import { IHardenedWorkload } from '../workloads/hardened-workload';

/** A destination a workload may connect to besides what its NetworkPolicies declare. */
export interface FalcoEgress {
  /** Destination network, e.g. `203.0.113.10/32`. */
  readonly cidr: string;
  /**
   * Destination ports.
   *
   * @default - every port
   */
  readonly ports?: number[];
  /**
   * Protocol of the ports.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** What to expect of one watched workload beyond what it declares. */
export interface FalcoWatchOptions {
  /**
   * Process names (as Falco's `proc.name`, at most 15 characters) that may read the service-account token.
   *
   * @default - the executables of the containers' declared `command`s; none when the pods mount no token
   */
  readonly tokenReaders?: string[];
  /**
   * Destinations allowed besides the egress its NetworkPolicies declare.
   *
   * @default - none
   */
  readonly extraEgress?: FalcoEgress[];
}

/** Props of FalcoRules. */
export interface FalcoRulesProps {
  /**
   * Workloads to watch (more with `watch()`).
   *
   * @default - none
   */
  readonly workloads?: IHardenedWorkload[];
  /**
   * Namespace of the ConfigMap: Falco's.
   *
   * @default 'falco'
   */
  readonly namespace?: string;
  /**
   * Name of the ConfigMap.
   *
   * @default 'falco-hardened-rules'
   */
  readonly configMapName?: string;
  /**
   * Also write the rules as a file beside the manifests at `app.synth()` (for `falco -r`, or the Helm chart's `customRules`).
   *
   * @default - no file
   */
  readonly fileName?: string;
  /**
   * The cluster's pod and Service networks. Connections into them are allowed when the NetworkPolicies allow an
   * in-cluster peer (which the CNI enforces; Falco sees Service IPs and ports before translation), and to port 53 for DNS.
   *
   * @default ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] - set your pod and Service CIDRs for tighter rules
   */
  readonly clusterNetworks?: string[];
}

/** Key of the rules file in the ConfigMap. */
const RULES_KEY = 'hardened-workloads-rules.yaml';
const SHELLS = ['ash', 'bash', 'csh', 'dash', 'ksh', 'sh', 'tcsh', 'zsh', 'fish', 'busybox'];
const PROTECTED_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/lib', '/usr/lib', '/etc'];
const TOKEN_DIRS = ['/var/run/secrets/kubernetes.io/serviceaccount', '/run/secrets/kubernetes.io/serviceaccount'];
const FALCO_PROCESS_NAME = 15;

/** The macros and lists every rule file starts with; only Falco's standard fields are used, so no other rules file is needed. */
const BASE_ITEMS: object[] = [
  { list: 'hardened_shell_binaries', items: SHELLS },
  { list: 'hardened_protected_dirs', items: PROTECTED_DIRS },
  { macro: 'hardened_spawned_process', condition: 'evt.type in (execve, execveat) and evt.dir = <' },
  { macro: 'hardened_open_write', condition: 'evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.num >= 0' },
  { macro: 'hardened_open_read', condition: 'evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = f and fd.num >= 0' },
  {
    macro: 'hardened_outbound',
    condition: 'evt.type = connect and evt.dir = < and (fd.typechar = 4 or fd.typechar = 6) and fd.sip != "0.0.0.0" and fd.sip != "::1" '
      + 'and not fd.snet in ("127.0.0.0/8") and (evt.rawres >= 0 or evt.res = EINPROGRESS)',
  },
];

interface Watched {
  readonly workload: IHardenedWorkload;
  readonly podObject: ApiObject;
  readonly options: FalcoWatchOptions;
}

/** One allowed kind of connection: a destination (undefined for anywhere) and ports (undefined for every port). */
interface Allowance {
  readonly destination?: string;
  readonly ports?: string;
}

/**
 * Falco rules for hardened workloads, derived from what the constructs declare: which pods (namespace and selector
 * labels), which executables may read the service-account token (the declared `command`s), which paths are declared
 * writable, and which destinations the workload's NetworkPolicies allow. Four rules:
 *
 * - a shell started in a watched pod (other than as the container's entrypoint, PID 1);
 * - a write below a binary directory or /etc (outside declared writable mounts);
 * - a read of the service-account token by an unexpected process;
 * - an outbound connection to a destination its NetworkPolicies do not declare.
 *
 * Emitted as a ConfigMap in Falco's namespace for the Falco Helm chart: mount it with the chart values
 * `mounts.volumes: [{name: hardened-rules, configMap: {name: falco-hardened-rules}}]` and
 * `mounts.volumeMounts: [{name: hardened-rules, mountPath: /etc/falco/rules.d/hardened-workloads-rules.yaml,
 * subPath: hardened-workloads-rules.yaml}]`, or put `toYaml()` (or the file from `fileName`) into the chart's
 * `customRules`. The rules are computed at synth, so declarations made after `watch()` are included.
 */
export class FalcoRules extends Construct {
  /** The ConfigMap holding the rules file. */
  public readonly configMap: ApiObject;
  /** The key of the rules file in the ConfigMap. */
  public readonly rulesKey: string = RULES_KEY;
  private readonly watched: Watched[] = [];
  private readonly clusterNetworks: string[];

  public constructor(scope: Construct, id: string, props: FalcoRulesProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'falco';
    checkDnsLabel(this, 'namespace', namespace);
    const name = props.configMapName ?? 'falco-hardened-rules';
    checkDnsSubdomain(this, 'configMapName', name);
    this.clusterNetworks = props.clusterNetworks ?? ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
    if (this.clusterNetworks.length === 0) {
      throw propError(this, 'clusterNetworks', 'the list is empty, so even DNS lookups would be reported', 'give the pod and Service CIDRs, or leave it unset');
    }
    this.clusterNetworks.forEach((cidr, i) => checkCidr(this, `clusterNetworks[${i}]`, cidr, []));
    (props.workloads ?? []).forEach((w, i) => this.addWatch(w, {}, `workloads[${i}]`));
    this.configMap = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, labels: GUARDRAIL_LABELS },
      data: { [RULES_KEY]: Lazy.any({ produce: () => this.toYaml() }) },
    });
    if (props.fileName !== undefined) addSynthFile(this, 'fileName', props.fileName, () => this.toYaml());
  }

  /** Watch a hardened workload's pods. */
  public watch(workload: IHardenedWorkload, options: FalcoWatchOptions = {}): void {
    this.addWatch(workload, options, 'watch(workload)');
  }

  /** The Falco rules file (YAML list of lists, macros and rules). */
  public toYaml(): string {
    return Yaml.stringify(this.items());
  }

  private addWatch(workload: IHardenedWorkload, options: FalcoWatchOptions, prop: string): void {
    const podObject = workload.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && POD_BEARING_KINDS.includes(c.kind));
    if (!podObject) {
      throw propError(this, prop, `${workload.node.path} has no pod-bearing object (Deployment, StatefulSet, Job, CronJob…)`, 'pass a hardened workload');
    }
    if (this.watched.some(w => w.workload === workload)) {
      throw propError(this, prop, `${workload.node.path} is already watched`, 'watch each workload once, with all its options');
    }
    (options.tokenReaders ?? []).forEach((r, i) => {
      if (!/^[^\s,()"]{1,15}$/.test(r)) {
        throw propError(this, `${prop}.tokenReaders[${i}]`, `"${r}" is not a process name Falco can match (proc.name: at most ${FALCO_PROCESS_NAME} characters, no spaces, commas, quotes or parentheses)`,
          'give the executable\'s name, e.g. "vault-agent"');
      }
    });
    (options.extraEgress ?? []).forEach((e, i) => {
      checkCidr(this, `${prop}.extraEgress[${i}].cidr`, e.cidr, []);
      (e.ports ?? []).forEach((p, j) => checkPortNumber(this, `${prop}.extraEgress[${i}].ports[${j}]`, p));
      if (e.protocol === Protocol.SCTP) {
        throw propError(this, `${prop}.extraEgress[${i}].protocol`, 'Falco does not tell SCTP connections apart', 'use TCP or UDP');
      }
    });
    this.watched.push({ workload, podObject, options });
  }

  private items(): object[] {
    const workloads = this.watched.map(w => this.describe(w));
    const items: object[] = [...BASE_ITEMS, { list: 'hardened_cluster_networks', items: this.clusterNetworks.map(c => `"${c}"`) }];
    for (const w of workloads) items.push({ macro: w.macro, condition: w.selects });
    if (workloads.length === 0) return items;
    const anyWorkload = `(${workloads.map(w => w.macro).join(' or ')})`;
    const writable = workloads.flatMap(w => w.writable.map(path => `(${w.macro} and container.name = "${path.container}" and fd.name pmatch ("${path.mountPath}"))`));
    const where = 'namespace=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository';
    items.push({
      rule: 'Shell spawned in hardened workload',
      desc: 'A shell started in a pod of a hardened workload, other than as a container\'s entrypoint: someone ran kubectl exec, or a process was made to spawn one.',
      condition: `hardened_spawned_process and container.id != host and ${anyWorkload} and proc.name in (hardened_shell_binaries) and not proc.vpid = 1`,
      output: `Shell spawned in hardened workload (${where} shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline user=%user.name)`,
      priority: 'WARNING',
      tags: ['cdk8s-hardening', 'container', 'shell', 'mitre_execution', 'T1059'],
    }, {
      rule: 'Write below binary dir or /etc in hardened workload',
      desc: 'A file opened for writing below a binary directory or /etc in a hardened workload, whose root filesystem is read-only except for declared writable paths: an attempt to plant or alter executables or configuration.',
      condition: `hardened_open_write and container.id != host and ${anyWorkload} and fd.name pmatch (hardened_protected_dirs)${writable.length ? ` and not (${writable.join(' or ')})` : ''}`,
      output: `File below a binary directory or /etc opened for writing (${where} file=%fd.name process=%proc.name cmdline=%proc.cmdline user=%user.name)`,
      priority: 'ERROR',
      tags: ['cdk8s-hardening', 'filesystem', 'mitre_persistence', 'T1543'],
    });
    for (const w of workloads) {
      items.push({
        rule: `Service account token read by unexpected process in ${w.id}`,
        desc: `The service-account token of ${w.id} read by a process other than ${w.tokenReaders.length ? w.tokenReaders.join(', ') : 'none (the workload is not expected to read it)'}: a step towards using the pod's API credentials.`,
        condition: `hardened_open_read and container.id != host and ${w.macro} and fd.name pmatch (${w.tokenDirs.map(d => `"${d}"`).join(', ')})`
          + (w.tokenReaders.length ? ` and not proc.name in (${w.tokenReaders.map(r => `"${r}"`).join(', ')})` : ''),
        output: `Service account token read by unexpected process (${where} file=%fd.name process=%proc.name cmdline=%proc.cmdline)`,
        priority: 'WARNING',
        tags: ['cdk8s-hardening', 'k8s', 'mitre_credential_access', 'T1528'],
      });
      if (w.allowed === undefined) continue;
      items.push({
        rule: `Unexpected outbound connection from ${w.id}`,
        desc: `An outbound connection from ${w.id} to a destination its NetworkPolicies do not declare (DNS and, where declared, the cluster networks are allowed).`,
        condition: `hardened_outbound and container.id != host and ${w.macro} and not (${w.allowed})`,
        output: `Unexpected outbound connection (${where} connection=%fd.name destination=%fd.sip port=%fd.sport protocol=%fd.l4proto process=%proc.name cmdline=%proc.cmdline)`,
        priority: 'WARNING',
        tags: ['cdk8s-hardening', 'network', 'mitre_exfiltration', 'mitre_command_and_control', 'T1041'],
      });
    }
    return items;
  }

  /** What the rules need of one watched workload, read from its synthesized objects. */
  private describe(w: Watched) {
    const object = w.podObject.toJson();
    const namespace: string = object.metadata?.namespace ?? 'default';
    const pod = podTemplateOf(object)!;
    const id = `${namespace}/${w.workload.name}`;
    const labels = Object.entries(w.workload.selectorLabels).map(([k, v]) => `k8s.pod.label[${k}] = "${v}"`);
    const containers = containersOf(pod);
    return {
      id,
      macro: `hardened_workload_${namespace}_${w.workload.name}`.replace(/[^A-Za-z0-9_]/g, '_'),
      selects: [`k8s.ns.name = "${namespace}"`, ...labels].join(' and '),
      tokenDirs: [...TOKEN_DIRS, ...projectedTokenMounts(pod, containers)],
      tokenReaders: w.options.tokenReaders ?? declaredReaders(pod, containers),
      writable: containers.flatMap(c => (c.container.volumeMounts ?? [])
        .filter((m: any) => !m.readOnly && PROTECTED_DIRS.some(d => m.mountPath === d || m.mountPath.startsWith(`${d}/`)))
        .map((m: any) => ({ container: c.container.name, mountPath: m.mountPath }))),
      allowed: this.allowedEgress(w, namespace, pod),
    };
  }

  /** The Falco condition of the connections the workload may make, or undefined when its egress is unrestricted. */
  private allowedEgress(w: Watched, namespace: string, pod: PodTemplate): string | undefined {
    const policies = this.node.root.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'NetworkPolicy')
      .map(p => p.toJson())
      .filter(p => (p.metadata?.namespace ?? 'default') === namespace && matchesSelector(p.spec?.podSelector, pod.metadata.labels)
        && (p.spec?.policyTypes ?? []).includes('Egress'));
    if (policies.length === 0) return undefined;
    const cluster = 'fd.snet in (hardened_cluster_networks)';
    const allowances: Allowance[] = [{ destination: cluster, ports: portCondition([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]) }];
    for (const rule of policies.flatMap(p => p.spec.egress ?? [])) {
      const ports = rule.ports?.length ? portCondition(rule.ports) : undefined;
      if (ports === '') continue;
      for (const peer of rule.to?.length ? rule.to : [undefined]) {
        if (peer === undefined) allowances.push({ ports });
        else if (peer.ipBlock) allowances.push({ destination: networkCondition(peer.ipBlock.cidr, peer.ipBlock.except), ports });
        // Pods and namespaces: Falco sees Service IPs and ports before translation, so only the networks are checked.
        else allowances.push({ destination: cluster });
      }
    }
    for (const e of w.options.extraEgress ?? []) {
      const ports = e.ports?.length ? portCondition(e.ports.map(port => ({ protocol: e.protocol ?? Protocol.TCP, port }))) : undefined;
      allowances.push({ destination: networkCondition(e.cidr, []), ports });
    }
    if (allowances.some(a => a.destination === undefined && a.ports === undefined)) return undefined;
    // A destination allowed on every port subsumes its port-restricted allowances (e.g. DNS once a cluster peer is declared).
    const anyPort = new Set(allowances.filter(a => a.ports === undefined).map(a => a.destination));
    const clauses = allowances
      .filter(a => a.ports === undefined || !anyPort.has(a.destination))
      .map(a => `(${[a.destination, a.ports && `(${a.ports})`].filter(x => x).join(' and ')})`);
    return [...new Set(clauses)].join(' or ');
  }
}

/** The Falco condition of NetworkPolicy ports; '' when none is checkable (named ports, SCTP). */
function portCondition(ports: ReadonlyArray<{ protocol?: string; port?: number | string; endPort?: number }>): string {
  return ports.flatMap(p => {
    const protocol = (p.protocol ?? 'TCP').toLowerCase();
    // Named ports name a destination pod's container port, which an IP destination does not have; Falco has no SCTP.
    if (typeof p.port === 'string' || protocol === 'sctp') return [];
    if (p.port === undefined) return [`fd.l4proto = ${protocol}`];
    return [p.endPort !== undefined
      ? `(fd.l4proto = ${protocol} and fd.sport >= ${p.port} and fd.sport <= ${p.endPort})`
      : `(fd.l4proto = ${protocol} and fd.sport = ${p.port})`];
  }).join(' or ');
}

function networkCondition(cidr: string, except: readonly string[] | undefined): string {
  return `fd.snet in ("${cidr}")${except?.length ? ` and not fd.snet in (${except.map(e => `"${e}"`).join(', ')})` : ''}`;
}

/** Mount paths of projected service-account token volumes (tokens requested for other audiences, e.g. Vault). */
function projectedTokenMounts(pod: PodTemplate, containers: readonly ContainerRef[]): string[] {
  const tokenVolumes = new Set((pod.spec.volumes ?? [])
    .filter(v => ((v.projected as any)?.sources ?? []).some((s: any) => s.serviceAccountToken))
    .map(v => v.name));
  const mounts = containers.flatMap(c => (c.container.volumeMounts ?? []) as Array<{ name: string; mountPath: string }>);
  return [...new Set(mounts.filter(m => tokenVolumes.has(m.name)).map(m => m.mountPath))];
}

/** Executables that may read a token: those of the declared commands, when the pods get a token at all. */
function declaredReaders(pod: PodTemplate, containers: readonly ContainerRef[]): string[] {
  const mountsToken = pod.spec.automountServiceAccountToken !== false || projectedTokenMounts(pod, containers).length > 0;
  if (!mountsToken) return [];
  return [...new Set(containers.flatMap(c => Array.isArray(c.container.command) && c.container.command.length
    ? [String(c.container.command[0]).split('/').pop()!.slice(0, FALCO_PROCESS_NAME)]
    : []))];
}
