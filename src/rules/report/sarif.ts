import { EngineResult } from '../engine';
import { Severity } from '../rule';

const LEVEL: Record<Severity, string> = {
  [Severity.CRITICAL]: 'error',
  [Severity.HIGH]: 'error',
  [Severity.MEDIUM]: 'warning',
  [Severity.LOW]: 'note',
};
// GitHub code scanning ranks security alerts by this CVSS-like score.
const SECURITY_SEVERITY: Record<Severity, string> = {
  [Severity.CRITICAL]: '9.5',
  [Severity.HIGH]: '8.0',
  [Severity.MEDIUM]: '5.5',
  [Severity.LOW]: '3.0',
};

/** A SARIF 2.1.0 log for code-scanning upload: one run, every rule that ran, one result per finding. */
export function formatSarif(result: EngineResult, toolVersion: string): object {
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-hardening',
          version: toolVersion,
          informationUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening',
          rules: result.rules.map(r => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.rationale },
            help: { text: `${r.fix}\nReferences: ${r.references.map(x => `${x.framework} ${x.id}${x.why ? ` (${x.relation}: ${x.why})` : ''}`).join(', ')}` },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: {
              'tags': ['security', 'kubernetes', ...new Set(r.references.map(x => x.framework))],
              'security-severity': SECURITY_SEVERITY[r.severity],
              'references': r.references.map(x => `${x.framework}:${x.id}`),
              // How each reference's verdicts relate to the rule's: equivalent, or a declared difference with its reason.
              'referenceRelations': r.references.map(x => ({ framework: x.framework, id: x.id, relation: x.relation, ...(x.why ? { why: x.why } : {}) })),
            },
          })),
        },
      },
      // The dangling checks not run on partial input, as SARIF's notifications about the tool's configuration.
      invocations: [{
        executionSuccessful: true,
        toolConfigurationNotifications: result.summary.notJudged.map(n => ({
          level: 'note',
          message: { text: `${n.ruleId} not judged (${n.objects} object${n.objects === 1 ? '' : 's'}): ${n.reason}` },
          associatedRule: { id: n.ruleId },
        })),
      }],
      properties: { completeInput: result.summary.complete },
      results: result.findings.map(f => {
        const o = f.object;
        const objectName = `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}`;
        return {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: `${objectName}: ${f.message}` },
          locations: [{
            ...(f.file ? {
              physicalLocation: {
                artifactLocation: { uri: f.file.replace(/\\/g, '/').replace(/^\.\//, '') },
                ...(f.line ? { region: { startLine: f.line } } : {}),
              },
            } : {}),
            logicalLocations: [{ fullyQualifiedName: f.constructPath ?? objectName, kind: 'resource' }],
          }],
          partialFingerprints: { 'objectRule/v1': `${f.ruleId}|${objectName}|${f.paths.join(',')}` },
          // Judged with related objects on input not asserted complete: an object not in the input may change it.
          ...(f.partialView ? { properties: { partialView: true } } : {}),
          // SARIF's own vocabulary: annotations on the object are in source, file entries and options are external.
          ...(f.suppressed ? {
            suppressions: (f.exemptions ?? []).map(e => ({
              kind: e.source === 'waiver' || e.source === 'annotation' ? 'inSource' : 'external',
              status: 'accepted',
              justification: e.reason,
              ...(e.origin || e.annotation ? { location: { logicalLocations: [{ fullyQualifiedName: e.origin ?? e.annotation, kind: 'declaration' }] } } : {}),
              properties: { source: e.source, ...(e.owner ? { owner: e.owner } : {}), ...(e.expires ? { expires: e.expires } : {}) },
            })),
          } : {}),
        };
      }),
    }],
  };
}
