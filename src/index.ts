// Layer 1: value types of the pod-hardening core.
export { Cpu } from './core/cpu';
export type { ContainerResources, CpuResources, MemoryResources, EphemeralStorageResources } from './core/resources';
export { Probe, ProbeScheme } from './core/probe';
export type { ProbeOptions, HttpGetProbeOptions, PortProbeOptions } from './core/probe';
export { EnvValue } from './core/env-value';
export type { ConfigMapKeyOptions } from './core/env-value';
export type { ImagePolicy } from './core/image';
export { Waiver, WaiverKind, WaiverScope } from './core/waiver';
export { ImagePullPolicy, Protocol } from './core/container';
export type { ContainerOptions, ContainerPort, HardenedContainerProps, WritablePath } from './core/container';
export { HardeningDefaults } from './core/defaults';
export type { HardeningDefaultsProps } from './core/defaults';
export type { HardenedPodProps } from './core/pod-template';

// Layer 2: constructs.
export type { IServiceAccount } from './workloads/service-account';
export type { IHardenedWorkload, HardenedWorkloadProps } from './workloads/hardened-workload';
export type { LongRunningWorkloadProps } from './workloads/long-running';
export { HardenedDeployment } from './workloads/hardened-deployment';
export type { HardenedDeploymentProps } from './workloads/hardened-deployment';
export { HardenedStatefulSet, VolumeAccessMode } from './workloads/hardened-stateful-set';
export type { HardenedStatefulSetProps, VolumeClaim } from './workloads/hardened-stateful-set';
export { HardenedJob, JobRestartPolicy } from './workloads/hardened-job';
export type { HardenedJobProps, JobOptions } from './workloads/hardened-job';
export { HardenedCronJob, ConcurrencyPolicy } from './workloads/hardened-cron-job';
export type { HardenedCronJobProps } from './workloads/hardened-cron-job';

// Layer 3: the rule engine, in-process and as a cdk8s validation plugin (the CLI is `cdk8s-hardening`).
export { Severity } from './rules/rule';
export type { RuleReference } from './rules/rule';
export { HardeningAudit } from './audit/hardening-audit';
export type { AuditOptions, Suppression } from './audit/hardening-audit';
export type { AuditFinding, AuditReport, AuditSummary, ObjectRef, UnmatchedSuppression } from './audit/audit-report';
export { HardeningValidation } from './audit/validation-plugin';
export type { HardeningValidationProps } from './audit/validation-plugin';
