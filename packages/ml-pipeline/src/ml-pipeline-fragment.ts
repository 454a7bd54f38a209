import { ValidationErrors } from '@statecraft/process-orchestration';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PipelineDefinition } from './pipeline-definition';
import { PipelineParameter } from './pipeline-parameter';
import { compilePipeline } from './private/compile-definition';
import { validateStages } from './private/pipeline-validation';

/** Props of an embeddable ML pipeline. */
export interface MlPipelineFragmentProps {
  /** The stages, in order. */
  readonly definition: PipelineDefinition;

  /** The role SageMaker jobs, models and endpoints run as. */
  readonly sageMakerRole: iam.IRole;

  /**
   * Runtime parameters with defaults, read from `parameters` of the state the fragment starts with. The fragment does
   * not type-check them: put `InputValidationStep` (process-orchestration) before it if the input is not trusted.
   * @default - no runtime parameters
   */
  readonly parameters?: PipelineParameter[];
}

/**
 * The pipeline's states (`Prepare Run`, the stages, `Pipeline Succeeded`) as a fragment to embed in your own state
 * machine, for users who want one state machine instead of a nested execution. Every state declares
 * `QueryLanguage: JSONata`, so the fragment fits a JSONata or a JSONPath state machine; it keeps its data in workflow
 * variables (`$pipelineRun`, `$pipelineParams`, `$stage<Name>`). `toSingleState()` wraps it in a Parallel and prefixes
 * the state names, so it can be embedded twice. Its IAM statements go to the state machine that contains it; named
 * errors end that state machine unless you catch them around the fragment. It needs a STANDARD state machine.
 */
export class MlPipelineFragment extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: MlPipelineFragmentProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    validateStages(errors, props.definition);
    errors.throwIfAny();
    const chain = compilePipeline(this, props.definition, props.parameters ?? [], { sageMakerRole: props.sageMakerRole });
    this.startState = chain.startState;
    this.endStates = chain.endStates;
  }
}
