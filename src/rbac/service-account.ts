/**
 * A ServiceAccount a workload can run as. `LeastPrivilegeServiceAccount` implements it;
 * so does any object with a `name` (e.g. a cdk8s-plus ServiceAccount).
 */
export interface IServiceAccount {
  /** The ServiceAccount's name, in the workload's namespace. */
  readonly name: string;
  /**
   * The ServiceAccount's namespace, when known; a workload refuses a ServiceAccount of another namespace.
   *
   * @default - the workload's namespace
   */
  readonly namespace?: string;
  /**
   * Labels the pods running as this ServiceAccount must carry (e.g. Azure Workload Identity's
   * `azure.workload.identity/use: "true"`); hardened workloads add them to their pod template.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
}
