import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * How a new tenant's data is seeded once its account is baselined. Every kind is given the tenant id,
 * the new account id and the execution input, whose `parameters` are the tenant's free-form
 * seeding parameters (`{ tenantId, accountId, input }`); its result is kept at `$.seed`.
 */
export abstract class TenantSeeding {
  /** No seeding: the account is ready once baselined. */
  public static none(): TenantSeeding {
    return new NoSeeding();
  }

  /** Invoke a Lambda function with `{ tenantId, accountId, input }`; its returned payload is the seed result. */
  public static lambdaFunction(fn: lambda.IFunction): TenantSeeding {
    return new LambdaSeeding(fn);
  }

  /** Run a state machine (nested, `.sync:2`) with `{ tenantId, accountId, input }`; its output is the seed result. */
  public static stateMachine(stateMachine: sfn.IStateMachine): TenantSeeding {
    return new StateMachineSeeding(stateMachine);
  }

  /**
   * Run your own states, given the whole vending state (`$.tenantId`, `$.account.accountId`, `$.parameters`).
   * They run inside a Parallel state, so their output cannot disturb the workflow (it is kept at `$.seed`).
   */
  public static chain(definition: sfn.IChainable): TenantSeeding {
    return new ChainSeeding(definition);
  }

  /** Whether this seeding does anything. */
  public abstract readonly enabled: boolean;

  /**
   * The state that seeds (undefined for no seeding). Its errors are caught by the workflow.
   * @internal
   */
  public abstract _bind(scope: Construct): sfn.TaskStateBase | sfn.Parallel | undefined;
}

const SEED_PAYLOAD = {
  'tenantId.$': '$.tenantId',
  'accountId.$': '$.account.accountId',
  // The whole execution input: `parameters` is optional, and a missing path would fail the state.
  'input.$': '$$.Execution.Input',
};

class NoSeeding extends TenantSeeding {
  public readonly enabled = false;
  public _bind(): undefined {
    return undefined;
  }
}

class LambdaSeeding extends TenantSeeding {
  public readonly enabled = true;
  constructor(private readonly fn: lambda.IFunction) {
    super();
  }
  public _bind(scope: Construct): sfn.TaskStateBase {
    return new tasks.LambdaInvoke(scope, 'Seed Tenant Data', {
      lambdaFunction: this.fn,
      payload: sfn.TaskInput.fromObject(SEED_PAYLOAD),
      resultSelector: { 'result.$': '$.Payload' },
      resultPath: '$.seed',
      retryOnServiceExceptions: true,
    });
  }
}

class StateMachineSeeding extends TenantSeeding {
  public readonly enabled = true;
  constructor(private readonly stateMachine: sfn.IStateMachine) {
    super();
  }
  public _bind(scope: Construct): sfn.TaskStateBase {
    return new tasks.StepFunctionsStartExecution(scope, 'Seed Tenant Data', {
      stateMachine: this.stateMachine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input: sfn.TaskInput.fromObject(SEED_PAYLOAD),
      associateWithParent: true,
      resultSelector: { 'result.$': '$.Output' },
      resultPath: '$.seed',
    });
  }
}

class ChainSeeding extends TenantSeeding {
  public readonly enabled = true;
  constructor(private readonly definition: sfn.IChainable) {
    super();
  }
  public _bind(scope: Construct): sfn.Parallel {
    const parallel = new sfn.Parallel(scope, 'Seed Tenant Data', { resultSelector: { 'result.$': '$[0]' }, resultPath: '$.seed' });
    parallel.branch(this.definition);
    return parallel;
  }
}
