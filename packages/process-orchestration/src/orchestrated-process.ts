import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { NestedProcessExecution } from './nested-process-execution';
import { ProcessAlarms } from './process-alarms';
import { IProcess, StartProcessExecutionProps } from './process-handle';
import { ProcessOrchestrator } from './process-orchestrator';

/**
 * The base of every domain construct that runs its workflow on a {@link ProcessOrchestrator} (AccountFactory,
 * MlPipeline, LabelingJobWorkflow, ...): it is a Statecraft process itself ({@link IProcess}, so
 * `ProcessMonitoring.addProcess` takes it), and its handles, grants and nested executions are its orchestrator's.
 */
export abstract class OrchestratedProcess extends Construct implements IProcess {
  /** The orchestrator that runs the workflow. */
  public abstract readonly orchestrator: ProcessOrchestrator;

  /** The process name (alarms, events, the dashboard). */
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

  /** Lets `grantee` start executions (and use the key, if any). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantStartExecution(grantee);
  }

  /** Lets `grantee` read executions and their history. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantRead(grantee);
  }

  /** Lets `grantee` answer task tokens (`SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`). */
  public grantTaskResponse(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantTaskResponse(grantee);
  }

  /** Lets `grantee` redrive failed executions. */
  public grantRedriveExecution(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantRedriveExecution(grantee);
  }

  /** Lets `grantee` start, read and redrive executions and answer task tokens. */
  public grantOperate(grantee: iam.IGrantable): void {
    this.orchestrator.grantOperate(grantee);
  }

  /**
   * A task for a parent state machine that starts this workflow as a nested execution (`startExecution.sync:2`) and
   * waits for it; `queryLanguage: JSONATA` gives a task for a JSONata parent. A failed child fails this task with
   * `States.TaskFailed`; use {@link nestedExecution} to have the child's named errors re-raised by name.
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

  /**
   * Where a parent keeps the child's result unless it says otherwise: `resultSelector`/`resultPath` for a JSONPath
   * task, `outputs` for a JSONata one (each language ignores the other's).
   */
  protected get nestedResult(): StartProcessExecutionProps {
    return {};
  }
}
