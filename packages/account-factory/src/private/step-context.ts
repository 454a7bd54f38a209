import { RetryPolicy } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** What every step builder needs: where to add states, the registry and the event bus. (Internal.) */
export interface StepContext {
  readonly scope: Construct;
  readonly table: dynamodb.ITable;
  readonly eventBus: events.IEventBus;
  readonly eventSource: string;
  /**
   * A JSONata expression for the tenant the steps act for: the input's `tenantId` in the workflow itself, the
   * watched execution's input in a workflow that runs after it (failure bookkeeping).
   * @default '$states.input.tenantId'
   */
  readonly tenantId?: string;
  /**
   * A JSONata expression for the ARN of the execution the steps act for.
   * @default '$states.context.Execution.Id'
   */
  readonly executionArn?: string;
  /**
   * Whether a task passes its input on (its output is its input; what it learns goes to variables). A workflow
   * that keeps everything it reads in variables turns this off: its tasks output their results, which no state reads.
   * @default true
   */
  readonly keepInput?: boolean;
}

/** The output of a task of this context that sets no output of its own. */
function defaultOutput(ctx: StepContext): string | undefined {
  return ctx.keepInput === false ? undefined : PASS_INPUT;
}

/** `{% expression %}`: a JSONata expression in a JSONata state's field. */
export function jsonata(expression: string): string {
  return `{% ${expression} %}`;
}

/** The tenant the steps act for, as a JSONata expression (see `StepContext.tenantId`). */
export function tenantIdOf(ctx: StepContext): string {
  return ctx.tenantId ?? '$states.input.tenantId';
}

/** The execution the steps act for, as a JSONata expression (see `StepContext.executionArn`). */
export function executionArnOf(ctx: StepContext): string {
  return ctx.executionArn ?? '$states.context.Execution.Id';
}

/** A JSONata state's output that passes its input through (a Task's output is its result otherwise). */
export const PASS_INPUT = jsonata('$states.input');

/** The error-name prefix Step Functions uses for each service's AWS SDK integration. */
const SERVICE_PREFIXES: { [service: string]: string } = {
  dynamodb: 'DynamoDb', organizations: 'Organizations', cloudformation: 'CloudFormation', events: 'EventBridge', states: 'StepFunctions',
};

/**
 * Retries an AWS call on the calling service's throttling and server-side faults and on task timeouts
 * (process-orchestration's preset: 6 retries from 2 s, x2, capped at 1 minute, full jitter). Only the calling
 * service's error names are listed (every service's names on every task would take ~9 KB per task, against the
 * 1 MB definition limit).
 */
export function retryTransient(task: sfn.TaskStateBase, service: string, extraErrors: string[] = []): void {
  const errorPrefix = SERVICE_PREFIXES[service] ?? service;
  RetryPolicy.transientServiceErrors({ errorPrefix, additionalErrors: extraErrors, retryTaskTimeouts: true }).applyTo(task);
}

/** Props of one AWS SDK call made through a direct service integration (no Lambda), as a JSONata state. */
export interface SdkCallProps {
  readonly service: string;
  readonly action: string;
  /** The API call's parameters; strings may be `{% %}` JSONata expressions. */
  readonly arguments: { [key: string]: any };
  readonly iamResources: string[];
  readonly iamAction?: string;
  /**
   * The state's output; `null` for none (the call's result).
   * @default PASS_INPUT when the context keeps input (what the call returns goes to `assign`)
   */
  readonly outputs?: any;
  readonly assign?: { [name: string]: any };
  readonly comment?: string;
  readonly retryAlso?: string[];
  /**
   * Organizations contention (`TooManyRequestsException`, `ConcurrentModificationException`): retried first,
   * longer than generic throttling (up to ~15 minutes), with full jitter so many tenants do not retry together.
   */
  readonly contention?: boolean;
}

/** Organizations' own contention errors. */
export const ORGANIZATIONS_CONTENTION = ['Organizations.TooManyRequestsException', 'Organizations.ConcurrentModificationException'];

/** An AWS SDK integration task (JSONata) with the transient-error retries every call gets. */
export function sdkCall(ctx: StepContext, id: string, props: SdkCallProps): tasks.CallAwsService {
  const task = tasks.CallAwsService.jsonata(ctx.scope, id, {
    service: props.service,
    action: props.action,
    parameters: props.arguments,
    iamResources: props.iamResources,
    iamAction: props.iamAction,
    outputs: outputOf(ctx, props.outputs),
    assign: props.assign,
    comment: props.comment,
  });
  if (props.contention) {
    task.addRetry({
      errors: ORGANIZATIONS_CONTENTION,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxDelay: Duration.minutes(2),
      maxAttempts: 10,
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  retryTransient(task, props.service, props.retryAlso);
  return task;
}

/** An Organizations call: every one may meet Organizations' contention, so each gets that retry first. */
export function organizationsCall(ctx: StepContext, id: string, props: Omit<SdkCallProps, 'service' | 'contention'>): tasks.CallAwsService {
  return sdkCall(ctx, id, { ...props, service: 'organizations', contention: true });
}

/** A state's Output: `null` for none, `undefined` for the context's default. */
export function outputOf(ctx: StepContext, outputs: any): any {
  return outputs === null ? undefined : outputs ?? defaultOutput(ctx);
}

/**
 * A Catch that keeps the state's input as the handler's input when the context keeps input (JSONata's default
 * would be `{ Error, Cause }`).
 */
export function catchKeepingInput(ctx: StepContext, state: sfn.TaskStateBase | sfn.Parallel, handler: sfn.IChainable, errors: string[]): void {
  state.addCatch(handler, { errors, outputs: defaultOutput(ctx) });
}
