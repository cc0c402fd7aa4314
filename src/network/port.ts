import { IConstruct } from 'constructs';
import { Protocol } from '../core/container';
import { propError } from '../core/errors';
import { checkPortName, checkPortNumber } from '../core/validation';

/** A port as a network policy rule names it: internal, after validation. */
export interface PolicyPort {
  readonly protocol: Protocol;
  /** A number, or a container port's name. */
  readonly port: number | string;
  /** Last port of a range. */
  readonly endPort?: number;
}

/**
 * A port traffic is allowed on: a number, a range, or the name of a container port, with its protocol.
 *
 * Mirrors cdk8s-plus `NetworkPolicyPort` (`Port.tcp(5432)`, `Port.udpRange(...)`), plus `Port.named('http')`
 * for the names hardened workloads give their ports. Values are checked where the port is used, so the
 * error names the construct and the call.
 */
export class Port {
  /** One TCP port. */
  public static tcp(port: number): Port {
    return new Port(Protocol.TCP, port);
  }

  /** One UDP port. */
  public static udp(port: number): Port {
    return new Port(Protocol.UDP, port);
  }

  /** One SCTP port. */
  public static sctp(port: number): Port {
    return new Port(Protocol.SCTP, port);
  }

  /** A range of TCP ports, both ends included. Not accepted towards a hardened workload: name its ports instead. */
  public static tcpRange(startPort: number, endPort: number): Port {
    return new Port(Protocol.TCP, startPort, endPort);
  }

  /** A range of UDP ports, both ends included. Not accepted towards a hardened workload: name its ports instead. */
  public static udpRange(startPort: number, endPort: number): Port {
    return new Port(Protocol.UDP, startPort, endPort);
  }

  /**
   * A container port by name, e.g. `Port.named('http')`. Towards a hardened workload it must be one of the
   * workload's declared port names; otherwise the destination pods resolve it.
   *
   * @param protocol default Protocol.TCP
   */
  public static named(name: string, protocol?: Protocol): Port {
    return new Port(protocol ?? Protocol.TCP, undefined, undefined, name);
  }

  /**
   * A port a workload declares.
   * @internal
   */
  public static _declared(port: { protocol: Protocol; number: number }): Port {
    return new Port(port.protocol, port.number);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: Protocol,
    /** The port number, or the first of a range; undefined for a named port. */
    public readonly number?: number,
    /** The last port of a range. */
    public readonly endNumber?: number,
    /** The container port's name, for a named port. */
    public readonly name?: string,
  ) {}

  /** How the port reads in errors and the traffic map, e.g. `TCP 8080`, `UDP 9000-9100`, `TCP http`. */
  public toString(): string {
    const what = this.name ?? (this.endNumber !== undefined ? `${this.number}-${this.endNumber}` : `${this.number}`);
    return `${this.protocol} ${what}`;
  }

  /**
   * The validated policy port; refuses out-of-range numbers, inverted ranges and invalid names.
   * @internal
   */
  public _resolve(scope: IConstruct, prop: string): PolicyPort {
    if (this.name !== undefined) {
      checkPortName(scope, prop, this.name);
      return { protocol: this.protocol, port: this.name };
    }
    checkPortNumber(scope, prop, this.number!);
    if (this.endNumber === undefined) return { protocol: this.protocol, port: this.number! };
    checkPortNumber(scope, prop, this.endNumber);
    if (this.endNumber <= this.number!) {
      throw propError(scope, prop, `the range ${this.number}-${this.endNumber} is empty or inverted`, 'give the lower port first, or use a single port');
    }
    return { protocol: this.protocol, port: this.number!, endPort: this.endNumber };
  }
}
