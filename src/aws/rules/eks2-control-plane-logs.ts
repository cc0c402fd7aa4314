import { eksClusterRule } from './eks-cluster-rule';
import { Severity } from '../../rules/rule';

/** The control-plane log types an audit needs. */
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Every control-plane log type goes to CloudWatch Logs. */
export const eks2ControlPlaneLogs = eksClusterRule({
  id: 'Cdk8sHardening-EKS2',
  title: 'The cluster does not send all five control-plane log types (api, audit, authenticator, controllerManager, scheduler) to CloudWatch Logs.',
  severity: Severity.MEDIUM,
  rationale: 'Without the audit and authenticator logs nobody can say who did what to the cluster, or reconstruct an intrusion afterwards.',
  fix: 'Enable every type in Logging.ClusterLogging.EnabledTypes.',
  references: { cis: ['2.1.1'], checkov: ['CKV_AWS_37'] },
  location: 'Properties.Logging',
  findings(properties) {
    const enabled: unknown = properties.Logging?.ClusterLogging?.EnabledTypes ?? [];
    const types = Array.isArray(enabled) ? enabled.map(t => t?.Type) : [];
    return LOG_TYPES.filter(t => !types.includes(t)).map(t => `LogExport::${t}`);
  },
});
