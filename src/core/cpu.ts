/**
 * An amount of CPU, in the units Kubernetes uses (cores and millicores).
 *
 * Mirrors cdk8s-plus `Cpu`, so cdk8s-plus users find the same factories.
 */
export class Cpu {
  /** An amount in millicores (1000 = one core). */
  public static millis(amount: number): Cpu {
    if (!Number.isInteger(amount) || amount <= 0) {
      throw new Error(`Cpu.millis(${amount}): the amount must be a positive integer number of millicores. Fix: use e.g. Cpu.millis(250)`);
    }
    return new Cpu(amount);
  }

  /** An amount in cores; fractions are rounded to the millicore. */
  public static units(amount: number): Cpu {
    return Cpu.millis(Math.round(amount * 1000));
  }

  private constructor(
    /** The amount in millicores. */
    public readonly millicores: number) {}

  /** The Kubernetes quantity, e.g. `250m` or `2`. */
  public get amount(): string {
    return this.millicores % 1000 === 0 ? String(this.millicores / 1000) : `${this.millicores}m`;
  }
}
