import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { findRule } from '../../src/rules/catalog';

const DOCS = join(__dirname, '..', '..', 'docs');
const controls = readFileSync(join(DOCS, 'controls.md'), 'utf-8');

describe('docs/controls.md', () => {
  test('every linked file exists', () => {
    const files = [...controls.matchAll(/\]\((\.\.\/[^)#]+)\)/g)].map(m => m[1]);
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter(f => !existsSync(join(DOCS, f)))).toEqual([]);
  });

  test('every linked rule exists', () => {
    const ids = [...controls.matchAll(/\(rules\.md#([a-z0-9-]+)\)/g)].map(m => m[1]);
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter(id => !findRule(id))).toEqual([]);
  });

  test('every practice of the issue is mapped or declared out of scope', () => {
    for (const practice of ['RBAC least privilege', 'Admission control', 'Network policies', 'mTLS', 'Pod security contexts', 'Host isolation', 'quotas',
      'Dedicated nodes', 'Secrets management', 'Encryption at rest', 'Audit logging', 'Image signing', 'Minimal images', 'Runtime monitoring', 'CIS',
      'Backups', 'Node OS hardening', 'CNI choice', 'Image vulnerability scanning']) {
      expect(controls).toContain(practice);
    }
  });
});
