/**
 * The public name of the RBAC risks, for the constructs that acknowledge them. The list itself is the catalogue at
 * the bottom layer (src/detectors/rbac-risks.ts), which the rule engine reads too.
 */
export { RbacRisk } from '../detectors/rbac-risks';
