import { ReferenceRelation, toReference } from '../../src/detectors/severity';
import { toReferences } from '../../src/rules/rule';

describe('reference claims', () => {
  test('a bare id claims equivalence', () => {
    expect(toReference('polaris', 'hostIPCSet')).toEqual({ framework: 'polaris', id: 'hostIPCSet', relation: ReferenceRelation.EQUIVALENT });
  });

  test('a declared difference keeps its reason', () => {
    const why = 'the rule also fires when the field is absent, which the check accepts';
    expect(toReferences({ checkov: [{ id: 'CKV_K8S_1', relation: ReferenceRelation.STRICTER, why }] }))
      .toEqual([{ framework: 'checkov', id: 'CKV_K8S_1', relation: ReferenceRelation.STRICTER, why }]);
  });

  test.each([ReferenceRelation.STRICTER, ReferenceRelation.NARROWER, ReferenceRelation.RELATED])('a %s claim without a reason is refused', relation => {
    expect(() => toReference('trivy', { id: 'KSV-0001', relation, why: ' ' })).toThrow(/declared .* but says no reason/);
  });
});
