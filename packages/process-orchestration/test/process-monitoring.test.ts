import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OrchestratedProcess, ProcessMonitoring, ProcessOrchestrator } from '../src';
import { nightlyBatch, orderSaga, testStack } from './example-workflows';

/** A domain construct built on an orchestrator: OrchestratedProcess makes it an IProcess that delegates to it. */
class ReportPublisher extends OrchestratedProcess {
  public readonly orchestrator: ProcessOrchestrator;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', { processName: 'report-publisher', definition: new sfn.Pass(this, 'Publish') });
  }
}

describe('ProcessMonitoring', () => {
  test('one dashboard with a row per process: executions, duration percentiles and alarm states', () => {
    const stack = testStack();
    const batch = nightlyBatch(stack);
    const orders = orderSaga(stack);
    const monitoring = new ProcessMonitoring(stack, 'Monitoring', { dashboardName: 'statecraft-processes', processes: [batch] });
    monitoring.addProcess(orders);

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    expect(dashboard.Properties.DashboardName).toBe('statecraft-processes');
    const body = JSON.stringify(stack.resolve(dashboard.Properties.DashboardBody));
    for (const name of ['nightly-batch', 'order-fulfilment']) {
      expect(body).toContain(`${name}: executions`);
      expect(body).toContain(`${name}: duration (ms)`);
      expect(body).toContain(`${name}: alarms`);
    }
    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionTime', 'p50', 'p99']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    expect(body).toContain('NightlyBatchAlarmsExecutionsFailed');
    expect(monitoring.processes).toEqual(['nightly-batch', 'order-fulfilment']);
  });

  test('a process can be added once', () => {
    const stack = testStack();
    const batch = nightlyBatch(stack);
    const monitoring = new ProcessMonitoring(stack, 'Monitoring', { processes: [batch] });
    expect(() => monitoring.addProcess(batch)).toThrow("TestStack/Monitoring: process 'nightly-batch' is already on the dashboard");
  });

  test('any IProcess goes on the dashboard: a domain construct that delegates to its orchestrator gets the same row', () => {
    const stack = testStack();
    const publisher = new ReportPublisher(stack, 'Reports');
    new ProcessMonitoring(stack, 'Monitoring', { processes: [publisher] });
    const dashboard = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    const body = JSON.stringify(stack.resolve(dashboard.Properties.DashboardBody));
    expect(body).toContain('report-publisher: executions');
    expect(body).toContain('ReportsOrchestratorAlarmsExecutionsFailed');
    // and it runs nested in a parent like the orchestrator itself
    const nested = publisher.nestedExecution(stack, 'Publish Reports');
    expect(nested.parallel.stateId).toBe('Publish Reports (nested)');
  });
});
