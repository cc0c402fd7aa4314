import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPersistentVolumesCreate = rbacRiskRule(RbacRisk.PERSISTENT_VOLUMES_CREATE, {
  title: 'Role can create PersistentVolumes, which may mount any node directory',
  fix: 'Request storage with PersistentVolumeClaims of a StorageClass, and leave PersistentVolumes to the volume provisioner.',
});
