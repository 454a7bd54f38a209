import { WorkflowDefinition, WorkflowSimulator, executionStatusChangeEvent } from '../src';

describe('executionStatusChangeEvent', () => {
  test('describes an ended simulated execution as EventBridge does: its ARN, state machine, status, error, cause and input', async () => {
    const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl({
      StartAt: 'Refuse', States: { Refuse: { Type: 'Fail', Error: 'Statecraft.InvalidInput', Cause: "Input field 'tenantId' is invalid" } },
    }, { name: 'vending' }), { writeCoverageReport: false });
    const failed = await sim.run({ tenantId: 7 }, { executionName: 'vend-7' });

    const event = executionStatusChangeEvent(failed) as any;

    expect(event['detail-type']).toBe('Step Functions Execution Status Change');
    expect(event.source).toBe('aws.states');
    expect(event.detail).toMatchObject({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:vending:vend-7',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:vending',
      name: 'vend-7',
      status: 'FAILED',
      error: 'Statecraft.InvalidInput',
      cause: "Input field 'tenantId' is invalid",
      redriveCount: 0,
      input: '{"tenantId":7}',
      inputDetails: { included: true },
    });
  });

  test('detail overrides any field: an input left out of the event, a stop without an error', () => {
    const executionArn = 'arn:aws:states:eu-west-1:111122223333:execution:pipeline:run-1';

    const event = executionStatusChangeEvent({ executionArn, status: 'ABORTED' }, { input: null, inputDetails: { included: false } }) as any;

    expect(event.region).toBe('eu-west-1');
    expect(event.detail).toMatchObject({ status: 'ABORTED', error: null, cause: null, input: null, inputDetails: { included: false } });
  });
});
