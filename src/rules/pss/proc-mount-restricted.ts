import { containersOf } from '../../manifest/pod-spec';
import { Severity } from '../rule';
import { pssRule, unmaskedProcMounts } from './pss-rule';

/** PSA `procMount_restricted` (v1.35+): Restricted keeps requiring the default /proc, even in a user namespace. */
export const procMountRestricted = pssRule({
  id: 'pss-proc-mount-restricted',
  checkId: 'procMount_restricted',
  level: 'restricted',
  minMinor: 35,
  title: 'Container unmasks /proc (procMount other than Default), even with hostUsers: false',
  severity: Severity.MEDIUM,
  rationale: 'Restricted does not take the user-namespace exception Baseline grants from v1.35: an unmasked /proc still exposes '
    + 'kernel interfaces to the container, and a user namespace is one layer, not a guarantee.',
  fix: 'Remove securityContext.procMount or set it to Default.',
  references: {
    'polaris': ['procMount'],
    'kube-linter': ['unsafe-proc-mount'],
    'kubescape': ['C-0211'],
    'trivy': ['KSV-0027'],
  },
  checkPod(pod) {
    return unmaskedProcMounts(containersOf(pod));
  },
});
