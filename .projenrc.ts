import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-hardening',
  description: 'Secure-by-default cdk8s constructs: hardened workloads, isolated namespaces, least-privilege RBAC, and a rule engine that audits every manifest an app emits.',
  author: 'cdk8s-hardening maintainers',
  authorAddress: 'maintainers@cdk8s-hardening.dev',
  repositoryUrl: 'https://github.com/cdk8s-hardening/cdk8s-hardening.git',
  keywords: ['cdk8s', 'kubernetes', 'security', 'hardening', 'pod-security-standards', 'networkpolicy', 'rbac'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // cdk8s 2.x / constructs 10.x; the minimums double as the versions the tests run against.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  // TypeScript 7 (npm `latest`) breaks ts-jest and ts-node: stay on 5.x for everything but jsii's own compiler.
  typescriptVersion: '~5.9.3',

  jestOptions: {
    // projen's default `test` task passes --updateSnapshot, which would let snapshot drift pass in CI.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Examples import the library by its package name, as users do.
      moduleNameMapper: { '^cdk8s-hardening$': '<rootDir>/src/index.ts', '^cdk8s-hardening/aws$': '<rootDir>/src/aws/index.ts' },
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/dist/'],
      // With --ci jest uses one worker fewer than the cores: one worker on CI's 2 cores, while the main process idles.
      maxWorkers: '100%',
    },
  },

  devDeps: [
    'cdk8s-cli@^2.207.60',
    'cdk8s-plus-28@^2.5.6',
    // 5.x is ESM-only and needs Node 22's require(esm); 4.5 ships CommonJS for jest on Node 20.
    'kubernetes-models@^4.5.1',
    '@kubernetes-models/istio@^2.3.0',
    // ESO's v1 API is only in the ESM-only 2.x models: tests validate through a Node child process.
    '@kubernetes-models/external-secrets@^2.0.0',
    '@kubernetes-models/sealed-secrets@^2.0.2',
    // Evaluates the admission policies' CEL in tests, against the same fixtures as the rule engine.
    '@bufbuild/cel@^0.6.1',
    // Validates emitted custom resources against their CRD schemas (Kyverno, Sigstore, CSI) in tests.
    'ajv@^8.20.0',
    // The optional AWS part's tests: cdk-nag packs and a pinned kubectl layer.
    'cdk-nag@^3.0.2',
    '@aws-cdk/lambda-layer-kubectl-v33@^2.2.2',
    'fast-check@^4.10.2',
    'tsx@^4.23.15',
    '@types/js-yaml@^4.0.9',
    // The official SARIF 2.1.0 schema, with a jest matcher, for checking the CLI's SARIF output.
    '@microsoft/jest-sarif@1.0.0-beta.0',
  ],
  // The CLI reads manifests with `yaml` in YAML 1.1 mode, as the API server's decoder (sigs.k8s.io/yaml) does;
  // js-yaml reads the exemptions file. jsii ships non-jsii runtime dependencies bundled.
  bundledDeps: ['js-yaml@^4.1.0', 'yaml@^2.9.1'],
  bin: { 'cdk8s-hardening': 'lib/cli/main.js' },
  // Only the optional `cdk8s-hardening/aws` entry point uses aws-cdk-lib (see below).
  peerDeps: ['aws-cdk-lib@^2.276.0'],

  // No GitHub workflows: CI is .ci/run.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  gitignore: ['examples/*/dist/', 'examples/*/cdk.out/', 'cdk8s.out/', '.tmp/'],
});

// Only lib/, .jsii, API.md, README and LICENSE belong in the tarball.
for (const pattern of ['/examples/', '/.ci/', '/.tmp/', '/docs/', '/scripts/', '/bench/', '/BENCHMARKS.md', '/test-reports/', '/coverage/', '/acceptance/']) {
  project.addPackageIgnore(pattern);
}

// aws-cdk-lib (161 MB) is an optional peer: cdk8s-only users neither install nor load it. The AWS
// constructs live behind their own entry point, which the main index never imports.
project.package.addField('peerDependenciesMeta', { 'aws-cdk-lib': { optional: true } });
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './aws': { types: './lib/aws/index.d.ts', default: './lib/aws/index.js' },
  './.jsii': './.jsii',
  './package.json': './package.json',
});

// ts-jest only transpiles (isolatedModules), so type-check tests and examples first.
// A suite that finds no test must fail, not pass.
project.testTask.reset('tsc --noEmit -p test/tsconfig.json');
project.testTask.exec('jest --ci', { receiveArgs: true });
project.testTask.spawn(project.tasks.tryFind('eslint')!);

// projen asks for the `ts5.9` dist-tag of @types/node, which the registry here does not serve; match the Node we run on.
project.addDevDeps('@types/node@^20');

// jsii never cleans lib/: without this, a deleted or renamed source file keeps shipping in the tarball.
project.preCompileTask.exec('rm -rf lib');

project.eslint?.addLintPattern('examples');
// Examples are not published: they may use dev dependencies (cdk8s-plus-28, the kubectl layer, cdk-nag).
project.eslint?.allowDevDeps('examples/**');
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './examples/tsconfig.json']);

// The layers of docs/architecture.md: what each folder of src/ may import (besides itself). Everything else is refused
// by lint, type-only imports included, so the arrows only point down; import/no-cycle catches cycles inside a folder
// (it skips `import type`: test/docs/import-cycles.test.ts reads those too).
const LAYER_IMPORTS: Record<string, string[]> = {
  manifest: [],
  detectors: ['manifest'],
  core: ['detectors', 'manifest'],
  rules: ['detectors', 'manifest'],
  network: ['core', 'detectors', 'manifest'],
  rbac: ['core', 'detectors', 'manifest'],
  namespaces: ['network', 'rbac', 'core', 'detectors', 'manifest'],
  secrets: ['rbac', 'core', 'detectors', 'manifest'],
  workloads: ['namespaces', 'network', 'secrets', 'rbac', 'core', 'detectors', 'manifest'],
  guardrails: ['workloads', 'namespaces', 'network', 'secrets', 'rbac', 'core', 'detectors', 'manifest'],
  audit: ['rules', 'core', 'detectors', 'manifest'],
  cli: ['rules', 'detectors', 'manifest'],
  aws: ['guardrails', 'workloads', 'namespaces', 'network', 'secrets', 'rbac', 'audit', 'rules', 'core', 'detectors', 'manifest'],
};
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: Object.entries(LAYER_IMPORTS).map(([folder, allowed]) => ({
      target: `./src/${folder}`,
      from: Object.keys(LAYER_IMPORTS).filter(f => f !== folder && !allowed.includes(f)).map(f => `./src/${f}`),
      message: `src/${folder} may import only ${allowed.length ? allowed.map(f => `src/${f}`).join(', ') : 'nothing else of src'} (docs/architecture.md).`,
    })),
  }],
  'import/no-cycle': ['error', { ignoreExternal: true }],
});

// Examples import the library by its package name; map it to the sources for tests and editors.
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../scripts/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk8s-hardening': ['../src/index.ts'], 'cdk8s-hardening/aws': ['../src/aws/index.ts'] });

// The rule reference is generated from the rule metadata, like API.md from the TSDoc.
project.postCompileTask.exec('tsx scripts/generate-rule-docs.ts');
// The migration comparison is generated from examples/migration (resolved to the sources, as the examples are).
project.postCompileTask.exec('tsx --tsconfig examples/tsconfig.json scripts/generate-migration-report.ts');

// The tarball holds the compiled library only: no examples, sources or stale lib/ files.
project.packageTask.exec('node scripts/check-tarball.js');
// A fresh cdk8s-only project can install it without aws-cdk-lib (the AWS part is an optional entry point).
project.packageTask.exec('node scripts/check-install.js');

project.addTask('bench', {
  description: 'Measure synthesis, the rule engine, the CLI and start-up against same-run baselines; writes BENCHMARKS.md (not run by CI)',
  steps: [{ spawn: 'compile' }, { exec: 'tsx bench/run.ts' }],
});

project.addTask('acceptance', {
  description: 'Build (or reuse from the cache) kube-apiserver, etcd and the checkers, then judge every example with them; writes docs/acceptance.md',
  steps: [{ exec: 'bash scripts/acceptance/run.sh' }],
});

project.addTask('example', {
  description: 'Synthesize the reference app, print where the manifests went, audit them and print the traffic map',
  cwd: 'examples/reference-app',
  steps: [
    { exec: 'rm -rf dist && cdk8s synth --no-check-upgrade' },
    { exec: 'echo "Manifests written to $(pwd)/dist/:"; ls -1 dist/' },
    // The same checks a pipeline runs, with the CLI users get (run from the sources here).
    { say: 'Audit of dist/ (hardened pack):' },
    { exec: 'tsx ../../src/cli/main.ts check dist --pack hardened --hide-suppressed' },
    { say: 'Who may talk to whom (Mermaid):' },
    { exec: 'tsx ../../src/cli/main.ts traffic-map dist' },
  ],
});

project.synth();
