// Layer 1: value types of the pod-hardening core.
export { Cpu } from './core/cpu';
export { ContainerResources, CpuResources, MemoryResources, EphemeralStorageResources } from './core/resources';
export { Probe, ProbeOptions, ProbeScheme, HttpGetProbeOptions, PortProbeOptions } from './core/probe';
export { EnvValue, ConfigMapKeyOptions } from './core/env-value';
export { ImagePolicy } from './core/image';
export { Waiver, WaiverKind, WaiverScope, WAIVER_ANNOTATION_PREFIX } from './core/waiver';
export { ContainerOptions, ContainerPort, HardenedContainerProps, ImagePullPolicy, Protocol, WritablePath } from './core/container';
export { HardeningDefaults, HardeningDefaultsProps } from './core/defaults';
export { HardenedPodProps } from './core/pod-template';

// Layer 2: constructs.
export { IServiceAccount } from './workloads/service-account';
export { IHardenedWorkload, HardenedWorkloadProps } from './workloads/hardened-workload';
export { LongRunningWorkloadProps } from './workloads/long-running';
export { HardenedDeployment, HardenedDeploymentProps } from './workloads/hardened-deployment';
export { HardenedStatefulSet, HardenedStatefulSetProps, VolumeClaim, VolumeAccessMode } from './workloads/hardened-stateful-set';
export { HardenedJob, HardenedJobProps, JobOptions, JobRestartPolicy } from './workloads/hardened-job';
export { HardenedCronJob, HardenedCronJobProps, ConcurrencyPolicy } from './workloads/hardened-cron-job';
