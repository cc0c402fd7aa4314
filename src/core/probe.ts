import { Duration } from 'cdk8s';

/** Timing shared by every probe. */
export interface ProbeOptions {
  /**
   * Wait before the first probe.
   *
   * @default - no delay (use a startup probe for slow starters)
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe.
   *
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   *
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before a failed probe counts as passing again (must be 1 for liveness and startup).
   *
   * @default 1
   */
  readonly successThreshold?: number;
}

/** Scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS; the kubelet does not verify the certificate. */
  HTTPS = 'HTTPS',
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeOptions {
  /**
   * Port to probe.
   *
   * @default - the container's first TCP port
   */
  readonly port?: number;
  /**
   * Scheme.
   *
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;
}

/** Options of a TCP or gRPC probe. */
export interface PortProbeOptions extends ProbeOptions {
  /**
   * Port to probe.
   *
   * @default - the container's first TCP port
   */
  readonly port?: number;
}

/**
 * A readiness, liveness or startup check. Mirrors cdk8s-plus `Probe`; it never sets a `host`
 * (the Pod Security Standards forbid probing other hosts from the kubelet).
 */
export class Probe {
  /** Healthy when an HTTP GET of `path` answers 200–399. */
  public static fromHttpGet(path: string, options: HttpGetProbeOptions = {}): Probe {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new Error(`Probe.fromHttpGet("${path}"): the path must start with "/". Fix: use e.g. "/healthz"`);
    }
    return new Probe('httpGet', options, { path, scheme: options.scheme ?? ProbeScheme.HTTP }, options.port);
  }

  /** Healthy when a TCP connection to the port opens. */
  public static fromTcpSocket(options: PortProbeOptions = {}): Probe {
    return new Probe('tcpSocket', options, {}, options.port);
  }

  /** Healthy when the gRPC health-checking protocol answers SERVING. */
  public static fromGrpc(options: PortProbeOptions = {}): Probe {
    return new Probe('grpc', options, {}, options.port);
  }

  /** Healthy when the command exits 0 inside the container. */
  public static fromCommand(command: string[], options: ProbeOptions = {}): Probe {
    if (!Array.isArray(command) || command.some(c => typeof c !== 'string')) {
      throw new Error(`Probe.fromCommand(${JSON.stringify(command) ?? 'undefined'}): the command must be a list of strings. Fix: give the command and its arguments, e.g. ["/bin/health", "--quick"]`);
    }
    if (command.length === 0) {
      throw new Error('Probe.fromCommand([]): the command is empty. Fix: give the command and its arguments, e.g. ["/bin/health", "--quick"]');
    }
    return new Probe('exec', options, { command: [...command] }, undefined);
  }

  /**
   * The port this probe names explicitly.
   *
   * @default - the container's first TCP port (command probes have none)
   */
  public readonly port?: number;

  private constructor(
    private readonly handler: 'httpGet' | 'tcpSocket' | 'grpc' | 'exec',
    private readonly options: ProbeOptions,
    private readonly handlerFields: Record<string, unknown>,
    port: number | undefined,
  ) {
    checkProbeOptions(handler, options, port);
    this.port = port;
  }

  /**
   * The successThreshold given, if any (liveness and startup probes must leave it at 1).
   * @internal
   */
  public get _successThreshold(): number | undefined {
    return this.options.successThreshold;
  }

  /**
   * The Kubernetes probe; `defaultPort` fills a port-based probe that names none.
   * @internal
   */
  public _toKube(defaultPort: number | undefined): Record<string, unknown> | undefined {
    const handler: Record<string, unknown> = { ...this.handlerFields };
    if (this.handler !== 'exec') {
      const port = this.port ?? defaultPort;
      if (port === undefined) return undefined;
      handler.port = port;
    }
    const o = this.options;
    return {
      [this.handler]: handler,
      ...(o.initialDelay ? { initialDelaySeconds: o.initialDelay.toSeconds() } : {}),
      periodSeconds: o.period?.toSeconds() ?? 10,
      timeoutSeconds: o.timeout?.toSeconds() ?? 1,
      failureThreshold: o.failureThreshold ?? 3,
      successThreshold: o.successThreshold ?? 1,
    };
  }
}

/**
 * Refuses timings the API server refuses (periods, timeouts and thresholds below 1, fractions of a second) or that
 * cdk8s would only report without saying which probe: thrown by the factory, so the stack points at the call.
 */
function checkProbeOptions(handler: string, o: ProbeOptions, port: number | undefined): void {
  const fail = (what: string, problem: string, fix: string) => {
    throw new Error(`Probe (${handler}) ${what}: ${problem}. Fix: ${fix}`);
  };
  if (typeof o !== 'object' || o === null) fail('options', `${String(o)} is not an options object`, 'pass e.g. { period: Duration.seconds(10) }');
  const durations: Array<[keyof ProbeOptions, number]> = [['initialDelay', 0], ['period', 1], ['timeout', 1]];
  for (const [key, min] of durations) {
    const d = o[key] as Duration | undefined;
    if (d === undefined) continue;
    const seconds = typeof (d as { toSeconds?: unknown }).toSeconds === 'function' ? d.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(seconds) || seconds < min) {
      fail(key, `${Number.isNaN(seconds) ? 'not a Duration of whole seconds' : `${seconds} seconds`} is not allowed (Kubernetes counts probe timings in whole seconds, at least ${min})`,
        `use e.g. Duration.seconds(${Math.max(min, 1) * (key === 'period' ? 10 : 1)})`);
    }
  }
  for (const key of ['failureThreshold', 'successThreshold'] as const) {
    const n = o[key];
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) fail(key, `${String(n)} is not allowed`, 'use an integer of at least 1');
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) fail('port', `${String(port)} is not a valid port number`, 'use an integer from 1 to 65535');
}
