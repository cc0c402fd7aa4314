// The optional AWS part, imported as `cdk8s-hardening/aws`: the only code that loads aws-cdk-lib (an optional peer).
export { AuditLogs } from './audit-logs';
export type { AuditLogsProps } from './audit-logs';
export { HardenedEksCluster } from './hardened-eks-cluster';
export type { HardenedEksClusterProps } from './hardened-eks-cluster';
export { EksClusterChecks } from './nag-checks';
export { HardenedNodeGroup } from './node-group';
export type { HardenedNodeGroupOptions, HardenedNodeGroupProps } from './node-group';
export { SecretsEncryptionKey } from './secrets-encryption-key';
export type { SecretsEncryptionKeyProps } from './secrets-encryption-key';
export { WorkloadIdentityRole } from './workload-identity-role';
export type { SecretsReadOptions, WorkloadIdentityRoleProps } from './workload-identity-role';
