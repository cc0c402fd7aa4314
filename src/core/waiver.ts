import { IConstruct } from 'constructs';
import { propError, requireJustification } from './errors';
import { RelaxationLedger } from './relaxation-ledger';
import { MIN_JUSTIFICATION } from '../detectors/justification';
import { CONTAINER_WAIVER_KINDS, WAIVER_ANNOTATION_PREFIX, waiverKey } from '../manifest/exemption-keys';

/** What a waiver relaxes. */
export enum WaiverKind {
  /** The container runs as root (UID 0). */
  RUN_AS_ROOT = 'RUN_AS_ROOT',
  /** The container may use UIDs/GIDs below 10000, which can collide with host users. */
  LOW_IDS = 'LOW_IDS',
  /** The container is privileged (full host device and kernel access). */
  PRIVILEGED = 'PRIVILEGED',
  /** The process may gain more privileges than its parent (setuid binaries). */
  PRIVILEGE_ESCALATION = 'PRIVILEGE_ESCALATION',
  /** Linux capabilities beyond NET_BIND_SERVICE are added. */
  ADD_CAPABILITIES = 'ADD_CAPABILITIES',
  /** The container's root filesystem is writable. */
  WRITABLE_ROOT_FILESYSTEM = 'WRITABLE_ROOT_FILESYSTEM',
  /** The container has no CPU limit. */
  NO_CPU_LIMIT = 'NO_CPU_LIMIT',
  /** A long-running container has no readiness/liveness probes. */
  NO_PROBES = 'NO_PROBES',
  /** The pod uses the node's network namespace. */
  HOST_NETWORK = 'HOST_NETWORK',
  /** The pod sees the node's processes. */
  HOST_PID = 'HOST_PID',
  /** The pod shares the node's IPC namespace. */
  HOST_IPC = 'HOST_IPC',
  /** A directory of the node is mounted into the main container. */
  HOST_PATH = 'HOST_PATH',
  /** A long-running workload runs a single replica. */
  SINGLE_REPLICA = 'SINGLE_REPLICA',
  /** The pod mounts a long-lived service-account token automatically. */
  SERVICE_ACCOUNT_TOKEN = 'SERVICE_ACCOUNT_TOKEN',
}

/** Where a waiver applies. */
export enum WaiverScope {
  /** One container: pass it in that container's `waivers` (the workload's `waivers` apply to its main container). */
  CONTAINER = 'CONTAINER',
  /** The pod: pass it in the workload's `waivers`. */
  POD = 'POD',
}

/** Shortest justification a relaxation may give (re-exported from the one justification rule). */
export { MIN_JUSTIFICATION };

export { WAIVER_ANNOTATION_PREFIX };

/**
 * An explicit, justified relaxation of one hardened default.
 *
 * Nothing is ever weakened without one, and each one lands as an annotation
 * (`waiver.cdk8s-hardening.dev/<kind>: <justification>`) on the workload, so reviewers see it in the YAML.
 * A waiver that relaxes nothing is refused, so the annotations never overstate what was relaxed.
 */
export class Waiver {
  /** Prefix of the annotations that record waivers: `waiver.cdk8s-hardening.dev/<kind>`. */
  public static readonly ANNOTATION_PREFIX = WAIVER_ANNOTATION_PREFIX;

  /** Run the container as root (runAsNonRoot false, runAsUser 0). */
  public static runAsRoot(justification: string): Waiver {
    return new Waiver(WaiverKind.RUN_AS_ROOT, 'runAsRoot', justification);
  }

  /** Allow runAsUser / runAsGroup / fsGroup below 10000 (still never 0). */
  public static lowIds(justification: string): Waiver {
    return new Waiver(WaiverKind.LOW_IDS, 'lowIds', justification);
  }

  /** Run the container privileged; this also allows privilege escalation, which Kubernetes requires for privileged containers. */
  public static privileged(justification: string): Waiver {
    return new Waiver(WaiverKind.PRIVILEGED, 'privileged', justification);
  }

  /** Allow privilege escalation (allowPrivilegeEscalation true). */
  public static privilegeEscalation(justification: string): Waiver {
    return new Waiver(WaiverKind.PRIVILEGE_ESCALATION, 'privilegeEscalation', justification);
  }

  /** Add Linux capabilities, e.g. `['NET_ADMIN']` (NET_BIND_SERVICE needs no waiver: use `netBindService`). */
  public static addCapabilities(capabilities: string[], justification: string): Waiver {
    const caps = capabilities.map(c => c.toUpperCase().replace(/^CAP_/, ''));
    if (caps.length === 0 || caps.some(c => !/^[A-Z_]+$/.test(c))) {
      throw new Error(`Waiver.addCapabilities([${capabilities.join(', ')}]): give one or more capability names. Fix: use names like "NET_ADMIN"`);
    }
    return new Waiver(WaiverKind.ADD_CAPABILITIES, 'addCapabilities', justification, caps);
  }

  /** Make the container's root filesystem writable. Prefer `writablePaths` for the directories that need it. */
  public static writableRootFilesystem(justification: string): Waiver {
    return new Waiver(WaiverKind.WRITABLE_ROOT_FILESYSTEM, 'writableRootFilesystem', justification);
  }

  /** Leave out the CPU limit (e.g. to avoid CFS throttling of latency-sensitive services). */
  public static noCpuLimit(justification: string): Waiver {
    return new Waiver(WaiverKind.NO_CPU_LIMIT, 'noCpuLimit', justification);
  }

  /** Run a long-running container without readiness and liveness probes. */
  public static noProbes(justification: string): Waiver {
    return new Waiver(WaiverKind.NO_PROBES, 'noProbes', justification);
  }

  /** Use the node's network namespace. */
  public static hostNetwork(justification: string): Waiver {
    return new Waiver(WaiverKind.HOST_NETWORK, 'hostNetwork', justification);
  }

  /** Share the node's process namespace. */
  public static hostPid(justification: string): Waiver {
    return new Waiver(WaiverKind.HOST_PID, 'hostPid', justification);
  }

  /** Share the node's IPC namespace. */
  public static hostIpc(justification: string): Waiver {
    return new Waiver(WaiverKind.HOST_IPC, 'hostIpc', justification);
  }

  /** Mount a directory of the node read-only into the main container at `mountPath`. */
  public static hostPath(hostPath: string, mountPath: string, justification: string): Waiver {
    for (const p of [hostPath, mountPath]) {
      if (!p.startsWith('/') || p.split('/').includes('..')) {
        throw new Error(`Waiver.hostPath("${hostPath}", "${mountPath}"): "${p}" must be an absolute path without "..". Fix: give absolute paths`);
      }
    }
    return new Waiver(WaiverKind.HOST_PATH, 'hostPath', justification, [hostPath, mountPath]);
  }

  /** Run a Deployment or StatefulSet with one replica (no redundancy during node drains or failures). */
  public static singleReplica(justification: string): Waiver {
    return new Waiver(WaiverKind.SINGLE_REPLICA, 'singleReplica', justification);
  }

  /** Mount the service-account token automatically (legacy mount, long-lived). */
  public static serviceAccountToken(justification: string): Waiver {
    return new Waiver(WaiverKind.SERVICE_ACCOUNT_TOKEN, 'serviceAccountToken', justification);
  }

  /** Where the waiver applies. */
  public readonly scope: WaiverScope;
  /** Why; written into the workload's annotations (normalized to one line). */
  public readonly justification: string;

  private constructor(
    /** What the waiver relaxes. */
    public readonly kind: WaiverKind,
    factory: string,
    /** Why; written into the workload's annotations (normalized to one line). */
    justification: string,
    /** Kind-specific values: the capabilities, or the host path and mount path. */
    public readonly values: string[] = [],
  ) {
    this.justification = requireJustification(`Waiver.${factory}(…)`, 'justification', justification, 'say why this workload needs it');
    this.scope = CONTAINER_WAIVER_KINDS.includes(kebab(kind)) ? WaiverScope.CONTAINER : WaiverScope.POD;
  }

  /** Annotation key under which this waiver is recorded. */
  public get annotationKey(): string {
    return WAIVER_ANNOTATION_PREFIX + kebab(this.kind);
  }
}

/**
 * The waivers given to one container or pod, tracking which were used, so a waiver that
 * relaxes nothing is refused instead of leaving a misleading annotation.
 */
export class WaiverSet {
  private readonly ledger: RelaxationLedger<WaiverKind, Waiver>;

  constructor(
    private readonly scope: IConstruct,
    private readonly prop: string,
    waivers: readonly Waiver[],
    /** The container whose waivers these are (the main container shares the workload's set). */
    private readonly containerName: string | undefined,
    /** Whether pod-scoped waivers belong here (the workload's set) or not (a sidecar's or init container's set). */
    private readonly acceptsPod: boolean,
  ) {
    this.ledger = new RelaxationLedger(waivers, w => w.kind, w => {
      throw propError(scope, prop, `Waiver of kind ${w.kind} is given twice`, 'give each kind once');
    }, kind => kind === WaiverKind.HOST_PATH);
  }

  /** The waivers of a kind, marking them used. */
  public take(kind: WaiverKind): Waiver[] {
    return this.ledger.take(kind);
  }

  /** Whether a waiver of this kind was given, marking it used. */
  public has(kind: WaiverKind): boolean {
    return this.take(kind).length > 0;
  }

  /** Refuses waivers that relaxed nothing, and waivers given at the wrong scope. */
  public checkAllUsed(): void {
    for (const w of this.ledger.unused()) {
      const where = w.scope === WaiverScope.POD && !this.acceptsPod
        ? 'it applies to the pod, so it belongs in the workload\'s waivers, not a container\'s'
        : 'it relaxes nothing here (the setting it waives is not requested)';
      throw propError(this.scope, this.prop, `Waiver.${w.kind} is not used: ${where}`, 'remove it, or request what it allows');
    }
  }

  /**
   * Annotations recording every used waiver: pod waivers under `waiver.cdk8s-hardening.dev/<kind>`, container
   * waivers under `<container>.waiver.cdk8s-hardening.dev/<kind>`, so the scope is in the key, not in the text.
   */
  public annotations(): Array<[string, string]> {
    return this.ledger.usedItems().map(w => {
      const detail = w.kind === WaiverKind.HOST_PATH ? `${w.values[0]} -> ${w.values[1]}`
        : w.kind === WaiverKind.ADD_CAPABILITIES ? w.values.join(',') : undefined;
      const key = waiverKey(kebab(w.kind), w.scope === WaiverScope.CONTAINER ? this.containerName : undefined);
      return [key, detail ? `${detail}: ${w.justification}` : w.justification];
    });
  }
}

/** `RUN_AS_ROOT` → `run-as-root`, as annotation keys name waiver kinds. */
function kebab(kind: WaiverKind): string {
  return kind.toLowerCase().replace(/_/g, '-');
}
