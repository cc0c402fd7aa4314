/**
 * The capabilities Pod Security baseline lets a container add: the container runtime's default set, so adding them
 * back after a drop grants nothing new. Matched exactly, as Pod Security Admission does. The PSS rule and the admission
 * checks both read this list.
 */
export const BASELINE_ALLOWED_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
