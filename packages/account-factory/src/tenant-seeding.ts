import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * How a new tenant's data is seeded once its account is baselined. Every kind is given the tenant id,
 * the new account id and the execution input, whose `parameters` are the tenant's free-form
 * seeding parameters (`{ tenantId, accountId, input }`); its result is kept in the variable `$seed`.
 */
export abstract class TenantSeeding {
  /** No seeding: the account is ready once baselined. */
  public static none(): TenantSeeding {
    return new NoSeeding();
  }

  /** Invoke a Lambda function with `{ tenantId, accountId, input }`; its returned payload is the seed result. */
  public static lambdaFunction(fn: lambda.IFunction): TenantSeeding {
    return new TaskSeeding('Payload', (scope, id, common) => tasks.LambdaInvoke.jsonata(scope, id, {
      lambdaFunction: fn, payload: sfn.TaskInput.fromObject(SEED_PAYLOAD), retryOnServiceExceptions: true, ...common,
    }));
  }

  /** Run a state machine (nested, `.sync:2`) with `{ tenantId, accountId, input }`; its output is the seed result. */
  public static stateMachine(stateMachine: sfn.IStateMachine): TenantSeeding {
    return new TaskSeeding('Output', (scope, id, common) => tasks.StepFunctionsStartExecution.jsonata(scope, id, {
      stateMachine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input: sfn.TaskInput.fromObject(SEED_PAYLOAD),
      associateWithParent: true,
      ...common,
    }));
  }

  /**
   * Run your own states (JSONPath or JSONata), given the vending input with the new account
   * (`$.tenantId`, `$.account.accountId`, `$.parameters`). They run inside a Parallel state, so their output
   * cannot disturb the workflow (it is kept in the variable `$seed`).
   */
  public static chain(definition: sfn.IChainable): TenantSeeding {
    return new ChainSeeding(definition);
  }

  /** Whether this seeding does anything. */
  public abstract readonly enabled: boolean;

  /**
   * Whether this seeding runs states you wrote, which may be JSONPath: the vending state machine then stays
   * JSONPath at the top level (its own states declare JSONata one by one).
   * @internal
   */
  public readonly _runsYourStates: boolean = false;

  /**
   * The state that seeds (undefined for no seeding). Its errors are caught by the workflow.
   * @internal
   */
  public abstract _bind(scope: Construct): sfn.TaskStateBase | sfn.Parallel | undefined;
}

const SEED_PAYLOAD = {
  tenantId: '{% $states.input.tenantId %}',
  accountId: '{% $accountId %}',
  // The whole execution input: `parameters` is optional.
  input: '{% $states.context.Execution.Input %}',
};

/** Every kind's state (JSONata): passes its input on, keeps what seeding returned in `$seed`. */
const KEEP_SEED = { outputs: '{% $states.input %}' };

class NoSeeding extends TenantSeeding {
  public readonly enabled = false;
  public _bind(): undefined {
    return undefined;
  }
}

/** What every task seeding shares: its state name, where it keeps the result, and its output. */
type SeedTaskCommon = Pick<sfn.TaskStateJsonataBaseProps, 'assign' | 'outputs'>;

/** A seeding that is one task; `resultField` is the field of the task's result that seeding returned. */
class TaskSeeding extends TenantSeeding {
  public readonly enabled = true;
  constructor(
    private readonly resultField: 'Payload' | 'Output',
    private readonly task: (scope: Construct, id: string, common: SeedTaskCommon) => sfn.TaskStateBase,
  ) {
    super();
  }
  public _bind(scope: Construct): sfn.TaskStateBase {
    return this.task(scope, 'Seed Tenant Data', {
      assign: { seed: `{% { "result": $states.result.${this.resultField} } %}` },
      ...KEEP_SEED,
    });
  }
}

class ChainSeeding extends TenantSeeding {
  public readonly enabled = true;
  public readonly _runsYourStates = true;
  constructor(private readonly definition: sfn.IChainable) {
    super();
  }
  public _bind(scope: Construct): sfn.Parallel {
    // The vending input with the account, in the shape the chain was promised (`$.account.accountId`).
    const parallel = sfn.Parallel.jsonata(scope, 'Seed Tenant Data', {
      // ASL takes a whole-expression Arguments; aws-cdk-lib's type only admits an object.
      arguments: '{% $merge([$states.input, { "account": { "accountId": $accountId } }]) %}' as any,
      assign: { seed: '{% { "result": $states.result[0] } %}' },
      ...KEEP_SEED,
    });
    parallel.branch(this.definition);
    return parallel;
  }
}
