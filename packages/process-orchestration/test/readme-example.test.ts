import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';

/** The first TypeScript block after a README heading. */
function exampleAfter(heading: string): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

describe('README', () => {
  test('the complete example type-checks against the package and synthesizes the workflow it describes', () => {
    const source = exampleAfter('## A complete example')
      .replace("'@statecraft/process-orchestration'", JSON.stringify(join(__dirname, '..', 'src')))
      + '\nexport { app };\n';
    const file = join(__dirname, 'readme-example.virtual.ts');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile;
    host.readFile = (name) => (name === file ? source : readFile(name));
    const fileExists = host.fileExists;
    host.fileExists = (name) => name === file || fileExists(name);
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([file], options, host))
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true } }).outputText;
    const module = { exports: {} as { app?: App } };
    new Function('require', 'module', 'exports', js)(require, module, module.exports);
    const stack = module.exports.app!.node.findChild('NightlySettlement') as any;
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2); // the process and its schedule starter
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'Europe/Berlin' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
