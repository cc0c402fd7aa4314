// Fails the package step when the npm tarball holds anything but the compiled library and its docs:
// examples, sources, tests or stale compiled files must never ship.
const { execFileSync } = require('child_process');
const { existsSync, readdirSync } = require('fs');
const path = require('path');

const dir = path.join('dist', 'js');
const tarballs = readdirSync(dir).filter(f => f.endsWith('.tgz'));
if (tarballs.length !== 1) {
  console.error(`Expected one tarball in ${dir}, found: ${tarballs.join(', ') || 'none'}`);
  process.exit(1);
}
const files = execFileSync('tar', ['-tzf', path.join(dir, tarballs[0])], { encoding: 'utf-8' })
  .split('\n').filter(Boolean).map(f => f.replace(/^package\//, ''));
const allowed = /^(lib\/.*\.(js|d\.ts)|\.jsii|API\.md|README\.md|LICENSE|package\.json)$/;
// Bundled dependencies (jsii ships non-jsii runtime dependencies inside the tarball) and what they depend on.
const bundled = new Set();
const addBundled = name => {
  if (bundled.has(name)) return;
  bundled.add(name);
  const deps = require(path.resolve('node_modules', name, 'package.json')).dependencies ?? {};
  Object.keys(deps).forEach(addBundled);
};
(require(path.resolve('package.json')).bundledDependencies ?? []).forEach(addBundled);
const isBundled = f => {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
  return m !== null && bundled.has(m[1]);
};
const unexpected = files.filter(f => !allowed.test(f) && !isBundled(f));
// Every compiled file must come from a source that still exists (jsii never cleans lib/).
const stale = files.filter(f => f.startsWith('lib/')).filter(f => !existsSync(path.join('src', f.slice(4).replace(/(\.d\.ts|\.js)$/, '.ts'))));
if (unexpected.length || stale.length) {
  console.error(`${tarballs[0]} holds files it must not:`);
  for (const f of unexpected) console.error(`  unexpected: ${f}`);
  for (const f of stale) console.error(`  stale (no source): ${f}`);
  process.exit(1);
}
console.log(`${tarballs[0]}: ${files.length} files, only the compiled library, its docs and its bundled dependencies (${[...bundled].join(', ')}).`);
