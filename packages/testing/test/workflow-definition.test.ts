import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { CloudFormationTemplate, DefinitionLoadError, WorkflowDefinition } from '../src';
import { childStateMachine, inlineFunction } from './fixtures/cdk-resources';

function templateWith(definitionString: unknown, extra: Record<string, unknown> = {}): CloudFormationTemplate {
  return {
    Parameters: { Stage: { Default: 'prod' } },
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Named: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'named-fn' } },
      Topic: { Type: 'AWS::SNS::Topic' },
      Table: { Type: 'AWS::DynamoDB::Table' },
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: definitionString, ...extra } },
    },
  };
}

describe('WorkflowDefinition.fromTemplate', () => {
  test('resolves Fn::Join, Ref, Fn::GetAtt, Fn::Sub, Fn::Select, Fn::Split and pseudo parameters to deterministic fakes', () => {
    const definition = WorkflowDefinition.fromTemplate(templateWith({
      'Fn::Join': ['', [
        '{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"',
        { 'Fn::GetAtt': ['Fn', 'Arn'] },
        '","Parameters":{"topic":"', { Ref: 'Topic' },
        '","table":"', { Ref: 'Table' },
        '","named":"', { 'Fn::GetAtt': ['Named', 'Arn'] },
        '","sub":"', { 'Fn::Sub': '${AWS::Partition}/${AWS::Region}/${AWS::AccountId}/${AWS::StackName}/${Stage}/${Table.Arn}' },
        '","picked":"', { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] },
        '","suffix":"', { Ref: 'AWS::URLSuffix' },
        '"},"End":true}}}',
      ]],
    }), { stackName: 'Demo' });

    expect(definition.name).toBe('Machine');
    expect(definition.asl.States.Call.Resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:Fn');
    expect(definition.asl.States.Call.Parameters).toEqual({
      topic: 'arn:aws:sns:us-east-1:123456789012:Topic',
      table: 'Table',
      named: 'arn:aws:lambda:us-east-1:123456789012:function:named-fn',
      sub: 'aws/us-east-1/123456789012/Demo/prod/arn:aws:dynamodb:us-east-1:123456789012:table/Table',
      picked: 'b',
      suffix: 'amazonaws.com',
    });
  });

  test('applies DefinitionSubstitutions, resolving their intrinsics', () => {
    const definition = WorkflowDefinition.fromTemplate(templateWith(
      '{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"${FnArn}","End":true}}}',
      { DefinitionSubstitutions: { FnArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    ));

    expect(definition.asl.States.Call.Resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:Fn');
  });

  test('an unresolvable intrinsic is an error naming it and where it is', () => {
    const load = () => WorkflowDefinition.fromTemplate(templateWith({ 'Fn::Join': ['', ['{"a":"', { 'Fn::ImportValue': 'Shared' }, '"}']] }));

    expect(load).toThrow(DefinitionLoadError);
    expect(load).toThrow('Unresolvable intrinsic Fn::ImportValue at Resources.Machine.Properties.DefinitionString.Fn::Join[1][1].Fn::ImportValue');
  });

  test('a Ref to a resource that does not exist names the missing logical id', () => {
    expect(() => WorkflowDefinition.fromTemplate(templateWith({ 'Fn::Join': ['', [{ Ref: 'Ghost' }]] })))
      .toThrow('Unresolvable intrinsic Ref Ghost at Resources.Machine.Properties.DefinitionString.Fn::Join[1][0].Ref');
  });

  test('an unknown substitution key is an error naming it', () => {
    expect(() => WorkflowDefinition.fromTemplate(templateWith('{"StartAt":"${Missing}"}')))
      .toThrow("Unresolvable substitution ${Missing}: no key 'Missing'");
  });

  test('with several state machines the logical id is required and the error lists them', () => {
    const template = templateWith('{}');
    template.Resources!.Other = { Type: 'AWS::StepFunctions::StateMachine', Properties: {} };

    expect(() => WorkflowDefinition.fromTemplate(template)).toThrow('No state machine to load; the template has [Machine, Other] (pass logicalId to pick one)');
  });
});

describe('WorkflowDefinition.fromAsl', () => {
  // ValidateStateMachineDefinition reports MISSING_TRANSITION_TARGET for a StartAt naming no state (API reference).
  test('rejects a definition CreateStateMachine would refuse, with the diagnostics', () => {
    const load = () => WorkflowDefinition.fromAsl({ StartAt: 'Missing', States: { A: { Type: 'Pass', End: true } } }, { name: 'broken' });

    expect(load).toThrow(DefinitionLoadError);
    expect(load).toThrow(/State machine 'broken' is not valid ASL:[\s\S]*Missing/);
  });

  test('lists nested states of Parallel branches and Map processors with their parent', () => {
    const definition = WorkflowDefinition.fromAsl({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }] },
      },
    });

    expect(definition.states.map((s) => [s.name, s.parent])).toEqual([['P', undefined], ['A', 'P']]);
    expect(() => definition.state('Z')).toThrow("No state 'Z' in state-machine; states are: P, A");
  });
});

describe('WorkflowDefinition.fromStateMachine', () => {
  test('synthesizes a CDK state machine and resolves its Lambda, SDK and nested-execution ARNs', () => {
    const stack = new Stack(new App(), 'DefinitionStack');
    const fn = inlineFunction(stack, 'Worker');
    const child = childStateMachine(stack, 'Noop');
    const machine = new sfn.StateMachine(stack, 'Parent', {
      timeout: Duration.minutes(5),
      definitionBody: sfn.DefinitionBody.fromChainable(
        new tasks.LambdaInvoke(stack, 'Invoke Worker', { lambdaFunction: fn, payloadResponseOnly: true })
          .next(new tasks.StepFunctionsStartExecution(stack, 'Run Child', {
            stateMachine: child,
            integrationPattern: sfn.IntegrationPattern.RUN_JOB,
          })),
      ),
    });

    const definition = WorkflowDefinition.fromStateMachine(machine);

    expect(definition.name).toBe('DefinitionStack-Parent');
    expect(definition.asl.TimeoutSeconds).toBe(300);
    expect(definition.asl.States['Invoke Worker'].Resource).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:Worker[0-9A-F]{8}$/);
    expect(definition.asl.States['Run Child'].Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect((definition.asl.States['Run Child'].Parameters as Record<string, unknown>).StateMachineArn)
      .toMatch(/^arn:aws:states:us-east-1:123456789012:stateMachine:Child[0-9A-F]{8}$/);
  });
});
