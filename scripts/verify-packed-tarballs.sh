#!/usr/bin/env bash
# Proves the packed npm tarballs work for a user: a CDK app in a temporary folder, outside the monorepo, installs only
# the tarballs from packages/*/dist/js (plus aws-cdk-lib and constructs from the registry), imports every package and
# synthesizes. Run after `npm run build` (or `npm run package`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=$(mktemp -d /tmp/statecraft-user-app.XXXX)
tarballs=()
for pkg in process-orchestration account-factory ml-pipeline cv-safety; do
  tarball=$(ls "$root/packages/$pkg/dist/js/"*.tgz 2>/dev/null | head -n 1 || true)
  [ -n "$tarball" ] || { echo "error: no tarball for $pkg; run 'npm run build' first" >&2; exit 1; }
  tarballs+=("$tarball")
done
cd "$app"
npm init -y >/dev/null
cdk_version=$(node -p "require('$root/node_modules/aws-cdk-lib/package.json').version")
constructs_version=$(node -p "require('$root/node_modules/constructs/package.json').version")
npm install --no-audit --no-fund "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" "${tarballs[@]}" >/dev/null
cat > app.js <<'JS'
const { App, Stack, Duration } = require('aws-cdk-lib');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const po = require('@statecraft/process-orchestration');
const af = require('@statecraft/account-factory');
const ml = require('@statecraft/ml-pipeline');
const cv = require('@statecraft/cv-safety');

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'UserStack', { env: { account: '123456789012', region: 'us-east-1' } });
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
// One instance of an L3 from every package, as a user would write it.
new po.ProcessOrchestrator(stack, 'Orchestrator', {
  processName: 'user-process',
  definition: new sfn.Pass(stack, 'Do work'),
  timeout: Duration.minutes(30),
});
new af.AccountFactory(stack, 'Factory', {
  organizationRootId: 'r-ab12',
  baselineStackSets: [af.BaselineStackSet.existing('tenant-network')],
  tenantIdPattern: 'tenant-*',
});
new ml.MlPipeline(stack, 'Pipeline', {
  pipelineName: 'user-pipeline',
  sageMakerRole: new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
  definition: ml.PipelineDefinition.startWith(ml.CustomStage.fromChainable('Prepare', new sfn.Pass(stack, 'Prepare data'))),
});
// The tape preparation ships its voting Lambda's bundle in the tarball (assets/tape-composite).
new cv.TapeLabelingPreparation(stack, 'Tapes', {
  frameBucket: new s3.Bucket(stack, 'Frames'),
  predictor: cv.FramePredictor.sagemakerEndpoint('people-detector'),
  obstructionLabels: ['person'],
});
const exported = { 'process-orchestration': po, 'account-factory': af, 'ml-pipeline': ml, 'cv-safety': cv };
for (const [name, mod] of Object.entries(exported)) {
  console.log(`${name}: ${Object.keys(mod).length} exports (${Object.keys(mod).slice(0, 6).join(', ')}, ...)`);
}
const assembly = app.synth();
const template = assembly.getStackByName('UserStack').template;
const machines = Object.values(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
console.log(`synthesized UserStack with ${machines.length} state machines and ${functions.length} Lambda functions`);
if (machines.length < 4) process.exit(1);
JS
node app.js
echo "user app in $app: installed only the packed tarballs and synthesized"
