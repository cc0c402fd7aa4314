// Installs the packed tarball into a fresh cdk8s-only project and proves the AWS part stays optional:
// aws-cdk-lib is neither installed nor loaded, while the library, its CLI and its cdk8s plugin work.
const { execFileSync } = require('child_process');
const { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

const dir = path.join('dist', 'js');
const tarball = path.resolve(dir, readdirSync(dir).find(f => f.endsWith('.tgz')));
const project = mkdtempSync(path.join(tmpdir(), 'cdk8s-hardening-install-'));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: project, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
const pkg = require(path.resolve('package.json'));
try {
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // --prefer-offline: npm's cache answers for packages it already holds (the versions are pinned), the registry for the rest.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `cdk8s@${pkg.peerDependencies.cdk8s}`, `constructs@${pkg.peerDependencies.constructs}`]);
  if (existsSync(path.join(project, 'node_modules', 'aws-cdk-lib'))) throw new Error('aws-cdk-lib was installed for a cdk8s-only user');
  const probe = [
    "const lib = require('cdk8s-hardening');",
    "if (typeof lib.HardenedDeployment !== 'function' || typeof lib.HardeningValidation !== 'function') throw new Error('exports missing');",
    "if (Object.keys(require.cache).some(k => k.includes('aws-cdk-lib'))) throw new Error('aws-cdk-lib was loaded');",
    "let refused = false; try { require('cdk8s-hardening/aws'); } catch (e) { refused = /aws-cdk-lib/.test(e.message); }",
    "if (!refused) throw new Error('cdk8s-hardening/aws should fail clearly without aws-cdk-lib');",
  ].join('\n');
  run('node', ['-e', probe]);
  const version = run('npx', ['--no-install', 'cdk8s-hardening', '--version']).trim();
  if (version !== pkg.version) throw new Error(`CLI printed version ${version}, expected ${pkg.version}`);
  console.log(`Installed ${path.basename(tarball)} into a cdk8s-only project: library and CLI work; aws-cdk-lib neither installed nor loaded.`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
