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
 * A construct that runs its workflow on a ProcessOrchestrator and is a Statecraft process itself (`IProcess`, so
 * `ProcessMonitoring.addProcess` takes it): its handles, grants and nested executions are the orchestrator's.
 */
export abstract class OrchestratedProcess extends Construct implements IProcess {
  /** The orchestrator that runs the workflow. */
  public abstract readonly orchestrator: ProcessOrchestrator;

  /** The process name (alarms, dashboard, descriptions). */
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

  /** The topic failure notifications go to, if any. */
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
   * A task for a parent state machine that starts this workflow as a nested execution (`startExecution.sync:2`) and
   * waits for it. A failed child fails this task with `States.TaskFailed`; use {@link nestedExecution} to have the
   * child's named errors re-raised by name.
   */
  public startExecutionTask(scope: Construct, id: string, props: StartProcessExecutionProps = {}): tasks.StepFunctionsStartExecution {
    return this.orchestrator.startExecutionTask(scope, id, { ...this.nestedResult, ...props });
  }

  /**
   * States for a parent state machine that run this workflow as a nested execution (`.sync:2`), re-raising the
   * child's named errors so the parent can catch them by name (add the Catch to the returned fragment's `parallel`).
   */
  public nestedExecution(scope: Construct, id: string, props: StartProcessExecutionProps = {}): NestedProcessExecution {
    return this.orchestrator.nestedExecution(scope, id, { ...this.nestedResult, ...props });
  }

  /** Where a parent keeps the child's result unless it says otherwise (`resultSelector`, `resultPath`). */
  protected get nestedResult(): StartProcessExecutionProps {
    return {};
  }
}
