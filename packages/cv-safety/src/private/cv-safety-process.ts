import {
  IProcess, NestedProcessExecution, ProcessAlarms, ProcessOrchestrator, StartProcessExecutionProps,
} from '@statecraft/process-orchestration';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * A cv-safety workflow as a Statecraft process: the handles every process exposes ({@link IProcess}, so
 * `ProcessMonitoring.addProcess` takes it), taken from its orchestrator, which also builds its nested executions.
 * A hidden base class: jsii copies its members into each workflow's API.
 * @internal
 */
export abstract class CvSafetyProcess extends Construct implements IProcess {
  /** The orchestrator wrapping the state machine. */
  public abstract readonly orchestrator: ProcessOrchestrator;

  /** The process name (logs, alarms, dashboards). */
  public get processName(): string {
    return this.orchestrator.processName;
  }

  /** The state machine. */
  public get stateMachine(): sfn.StateMachine {
    return this.orchestrator.stateMachine;
  }

  /** The state machine's role. */
  public get role(): iam.IRole {
    return this.orchestrator.role;
  }

  /** The execution log group. */
  public get logGroup(): logs.ILogGroup {
    return this.orchestrator.logGroup;
  }

  /** The topic failure notifications go to, unless notifications are off. */
  public get notificationTopic(): sns.ITopic | undefined {
    return this.orchestrator.notificationTopic;
  }

  /** The alarms, unless turned off. */
  public get alarms(): ProcessAlarms | undefined {
    return this.orchestrator.alarms;
  }

  /** Lets `grantee` start executions. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantStartExecution(grantee);
  }

  /**
   * A task for a parent state machine that runs this workflow as a nested execution and waits for it
   * (`startExecution.sync:2`); the output is the child's DescribeExecution result with its output in `Output`.
   */
  public startExecutionTask(scope: Construct, id: string, props: StartProcessExecutionProps = {}): tasks.StepFunctionsStartExecution {
    return this.orchestrator.startExecutionTask(scope, id, props);
  }

  /**
   * The same nested execution, wrapped so the child's named error (for example `Statecraft.LabelingTimedOut`)
   * is re-raised in the parent under its own name, ready for the parent's `Catch`.
   */
  public nestedExecution(scope: Construct, id: string, props: StartProcessExecutionProps = {}): NestedProcessExecution {
    return this.orchestrator.nestedExecution(scope, id, props);
  }
}
