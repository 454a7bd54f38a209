import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { IProcess, OrchestratedProcess, ProcessOrchestrator, StartProcessExecutionProps } from '../src';
import { testStack } from './example-workflows';

/** A domain process that keeps its child's output under `$.report` in a parent unless the parent says otherwise. */
class ReportPublisher extends OrchestratedProcess {
  public readonly orchestrator: ProcessOrchestrator;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', { processName: 'report-publisher', definition: new sfn.Pass(this, 'Publish') });
  }

  protected get nestedResult(): StartProcessExecutionProps {
    return {
      resultSelector: { 'output.$': '$.Output' },
      resultPath: '$.report',
      outputs: '{% $merge([$states.input, {"report": {"output": $states.result.Output}}]) %}',
    };
  }
}

function stateJson(task: sfn.State): any {
  return task.toStateJson();
}

describe('OrchestratedProcess', () => {
  test('its handles are its orchestrator\'s', () => {
    const reports = new ReportPublisher(testStack(), 'Reports');
    const { orchestrator } = reports;
    const handles = (p: IProcess) => [p.processName, p.stateMachine, p.role, p.logGroup, p.notificationTopic, p.alarms];
    expect(handles(reports)).toEqual(handles(orchestrator));
  });

  test('grantOperate gives a role the orchestrator\'s start, read, redrive and task-response actions on its state machine', () => {
    const stack = testStack();
    const reports = new ReportPublisher(stack, 'Reports');
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    reports.grantOperate(operator);
    const actions = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    for (const action of ['states:StartExecution', 'states:DescribeExecution', 'states:GetExecutionHistory', 'states:RedriveExecution', 'states:SendTaskSuccess']) {
      expect(actions).toContain(action);
    }
  });

  test('a JSONPath parent keeps the child\'s output where the process says (resultSelector, resultPath) unless it says otherwise', () => {
    const stack = testStack();
    const reports = new ReportPublisher(stack, 'Reports');
    expect(stateJson(reports.startExecutionTask(stack, 'Run Reports'))).toMatchObject({ ResultSelector: { 'output.$': '$.Output' }, ResultPath: '$.report' });
    expect(stateJson(reports.startExecutionTask(stack, 'Run Reports Here', { resultPath: '$.here' }))).toMatchObject({ ResultPath: '$.here' });
  });

  test('a JSONata parent gets a JSONata .sync:2 task whose Output keeps the child\'s output the same way', () => {
    const stack = testStack();
    const reports = new ReportPublisher(stack, 'Reports');
    const task = stateJson(reports.startExecutionTask(stack, 'Run Reports', { queryLanguage: sfn.QueryLanguage.JSONATA }));
    expect(task).toMatchObject({
      QueryLanguage: 'JSONata',
      Output: '{% $merge([$states.input, {"report": {"output": $states.result.Output}}]) %}',
    });
    expect(task.ResultPath).toBeUndefined();
    const nested = reports.nestedExecution(stack, 'Nest Reports', { queryLanguage: sfn.QueryLanguage.JSONATA });
    expect(stateJson(nested.parallel)).toMatchObject({ QueryLanguage: 'JSONata' });
  });
});
