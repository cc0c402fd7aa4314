import { App } from 'cdk8s';
import { buildHardenedApp } from './hardened';
import { buildPlusApp } from './plus';

// Two apps, two output folders: compare them with `npx cdk8s-hardening check dist/plus` and `dist/hardened`.
buildPlusApp(new App({ outdir: 'dist/plus' })).synth();
buildHardenedApp(new App({ outdir: 'dist/hardened' })).synth();
