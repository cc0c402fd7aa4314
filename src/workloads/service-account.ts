/**
 * A ServiceAccount a workload can run as. `LeastPrivilegeServiceAccount` implements it;
 * so does any object with a `name` (e.g. a cdk8s-plus ServiceAccount).
 */
export interface IServiceAccount {
  /** The ServiceAccount's name, in the workload's namespace. */
  readonly name: string;
}
