import { CATALOG_RULES } from './catalog';
import { PSS_LATEST_MINOR, PSS_MIN_MINOR, pssRules } from './pss';
import { Rule } from './rule';

/** A named, versioned set of rules, evaluated at one PSS version. */
export interface Pack {
  /** The name it was asked by, e.g. `pss-restricted@v1.30`. */
  readonly name: string;
  readonly rules: readonly Rule[];
  readonly pssMinor: number;
}

/** Catalog rules the library's own constructs do not promise, so the `hardened` pack leaves them out. */
export const NOT_HARDENED: ReadonlyArray<{ readonly ruleId: string; readonly reason: string }> = [
  { ruleId: 'container-image-digest', reason: 'a version tag is accepted unless imagePolicy.requireDigest is set; latest and untagged images are always refused' },
  { ruleId: 'pod-priority-class', reason: 'priority classes are the cluster\'s own scheduling policy: the constructs cannot know which exist, and set none' },
];

/** Pack names and what they hold, for `--help`, docs and errors. */
export const PACK_DESCRIPTIONS: ReadonlyArray<{ readonly name: string; readonly description: string }> = [
  { name: 'hardened', description: 'What this library\'s constructs promise: PSS restricted (latest) plus every catalog rule they satisfy.' },
  { name: 'pss-restricted[@v1.N]', description: `Pod Security Standards restricted, as Pod Security Admission enforces it at v1.N (v1.${PSS_MIN_MINOR}–v1.${PSS_LATEST_MINOR}; latest by default).` },
  { name: 'pss-baseline[@v1.N]', description: 'Pod Security Standards baseline, versioned the same way.' },
  { name: 'cis', description: 'Rules that check a CIS Kubernetes Benchmark section 5 control.' },
  { name: 'nsa', description: 'Rules that check a control of the NSA/CISA Kubernetes Hardening Guide (Kubescape\'s NSA framework).' },
  { name: 'all', description: 'Every rule: PSS restricted (latest) and the whole catalog.' },
];

const PSS_PACK = /^pss-(baseline|restricted)(?:@v1\.(\d+))?$/;

/** Resolves a pack name; throws a usage error naming the valid packs for anything else. */
export function resolvePack(name: string): Pack {
  const pss = PSS_PACK.exec(name);
  if (pss) {
    const minor = pss[2] === undefined ? PSS_LATEST_MINOR : Number(pss[2]);
    if (minor < PSS_MIN_MINOR || minor > PSS_LATEST_MINOR) {
      throw new UsageError(`pack "${name}": PSS versions v1.${PSS_MIN_MINOR} to v1.${PSS_LATEST_MINOR} are supported`);
    }
    return { name, rules: pssRules(pss[1] as 'baseline' | 'restricted', minor), pssMinor: minor };
  }
  const restricted = pssRules('restricted', PSS_LATEST_MINOR);
  const byFramework = (framework: string) => [...restricted, ...CATALOG_RULES].filter(r => r.references.some(ref => ref.framework === framework));
  switch (name) {
    case 'hardened': {
      const excluded = new Set(NOT_HARDENED.map(n => n.ruleId));
      return { name, rules: [...restricted, ...CATALOG_RULES.filter(r => !excluded.has(r.id))], pssMinor: PSS_LATEST_MINOR };
    }
    case 'all': return { name, rules: [...restricted, ...CATALOG_RULES], pssMinor: PSS_LATEST_MINOR };
    case 'cis': return { name, rules: byFramework('cis'), pssMinor: PSS_LATEST_MINOR };
    case 'nsa': return { name, rules: byFramework('nsa'), pssMinor: PSS_LATEST_MINOR };
    default:
      throw new UsageError(`unknown pack "${name}"; packs: ${PACK_DESCRIPTIONS.map(p => p.name).join(', ')}`);
  }
}

/** Bad input from the user of the engine (unknown pack, bad option): the CLI exits 2 on it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
