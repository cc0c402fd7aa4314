import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { pssRule, securityContextHolders, show } from './pss-rule';

// '' is an unset type. container_engine_t (for nested container engines) is allowed from v1.31.
const ALLOWED_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const ALLOWED_TYPES_1_31 = new Set([...ALLOWED_TYPES, 'container_engine_t']);
const ALLOWED_TYPES_1_0 = new Set(ALLOWED_TYPES);

/** PSA `seLinuxOptions`: the SELinux type must be a container type, and user and role may not be set. */
export const seLinuxOptions = pssRule({
  id: 'pss-selinux-options',
  checkId: 'seLinuxOptions',
  level: 'baseline',
  minMinor: 0,
  title: 'SELinux options set to a custom type, user or role',
  severity: Severity.MEDIUM,
  rationale: 'A custom SELinux type, user or role can place the container in a more privileged domain (e.g. spc_t, unconfined_t) '
    + 'and switch off the mandatory access control that confines it.',
  fix: 'Leave seLinuxOptions.type unset or use container_t, container_init_t, container_kvm_t (or container_engine_t from v1.31); '
    + 'remove seLinuxOptions.user and seLinuxOptions.role. Setting the level (MCS label) is fine.',
  references: {
    polaris: [{ id: 'linuxHardening', relation: ReferenceRelation.RELATED, why: 'Polaris passes a container when any one of seccomp, SELinux, AppArmor or dropped capabilities is set; this rule requires its own mechanism and ignores the others.' }],
    kubescape: ['C-0211'],
    trivy: ['KSV-0025'],
  },
  checkPod(pod, minor) {
    const allowedTypes = minor >= 31 ? ALLOWED_TYPES_1_31 : ALLOWED_TYPES_1_0;
    const violations: Violation[] = [];
    for (const holder of securityContextHolders(pod, containersOf(pod))) {
      const options = holder.securityContext?.seLinuxOptions;
      if (options == null) continue;
      const path = `${holder.path}.seLinuxOptions`;
      const type = options.type ?? '';
      if (!allowedTypes.has(type as string)) {
        violations.push({ message: `${holder.label} sets securityContext.seLinuxOptions.type=${show(type)}`, path: `${path}.type` });
      }
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (value == null || value === '') continue;
        violations.push({ message: `${holder.label} sets securityContext.seLinuxOptions.${field}=${show(value)}`, path: `${path}.${field}` });
      }
    }
    return violations;
  },
});
