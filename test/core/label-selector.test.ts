import { matchesSelector } from '../../src/manifest/label-selector';

describe('matchesSelector', () => {
  const labels = { app: 'api', tier: 'backend' };
  test.each([
    ['undefined selects all', undefined, true],
    ['empty selects all', {}, true],
    ['matchLabels hit', { matchLabels: { app: 'api' } }, true],
    ['matchLabels miss', { matchLabels: { app: 'web' } }, false],
    ['In hit', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'data'] }] }, true],
    ['In on a missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    ['NotIn on a missing key', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn hit', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['unknown operator selects nothing', { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
    ['all terms must hold', { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['data'] }] }, false],
  ])('%s', (_name, selector, expected) => {
    expect(matchesSelector(selector as any, labels)).toBe(expected);
  });
});
