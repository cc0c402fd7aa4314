import { objectRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

/**
 * A namespace's `default` ServiceAccount opts out of token automounting, so a pod that names no ServiceAccount (or
 * names `default`) gets no API token unless it asks for one. IsolatedNamespace declares it so.
 */
export const rbacDefaultServiceAccountAutomount = objectRule({
  id: 'rbac-default-service-account-automount',
  title: 'ServiceAccount "default" mounts its token into pods',
  severity: Severity.MEDIUM,
  rationale: 'Every pod that names no ServiceAccount runs as its namespace\'s `default`; unless `default` sets automountServiceAccountToken: false, '
    + 'each of them gets an API token it never asked for, and whatever is later granted to `default` reaches all of them.',
  fix: 'Declare the namespace\'s default ServiceAccount with automountServiceAccountToken: false (IsolatedNamespace does), '
    + 'and give each workload that calls the API its own ServiceAccount with a projected token.',
  kinds: ['ServiceAccount'],
  references: {
    checkov: ['CKV_K8S_41'],
    kubescape: [{
      id: 'C-0189',
      relation: ReferenceRelation.NARROWER,
      why: 'C-0189 also fails the default ServiceAccount when it is bound to a role; those bindings are rbac-subject-default-service-account',
    }],
    cis: [{
      id: '5.1.5',
      relation: ReferenceRelation.NARROWER,
      why: 'CIS 5.1.5 also asks that no pod run as default and no binding name it; those are pod-default-service-account and rbac-subject-default-service-account',
    }],
  },
  check(account) {
    if (account.metadata?.name !== 'default' || account.automountServiceAccountToken === false) return [];
    return [{
      message: account.automountServiceAccountToken === true
        ? 'ServiceAccount "default" sets automountServiceAccountToken=true'
        : 'ServiceAccount "default" leaves automountServiceAccountToken unset, so pods running as it get a token',
      path: 'automountServiceAccountToken',
    }];
  },
});
