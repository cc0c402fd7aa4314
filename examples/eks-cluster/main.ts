import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildEksExample } from './app';
import { EksClusterChecks } from 'cdk8s-hardening/aws';

// `cdk synth --app "npx tsx main.ts"` tells the app where to write; `npx cdk8s synth` does not.
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
// Synthesis fails on any unacknowledged finding of cdk-nag's packs or of the library's EKS checks.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new EksClusterChecks());

const { charts } = buildEksExample(app);
charts.synth();
app.synth();
