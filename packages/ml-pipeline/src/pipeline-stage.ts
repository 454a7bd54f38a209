import { ValidationErrors } from '@statecraft/process-orchestration';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** What a stage needs from the pipeline it is compiled into. */
export interface StageContext {
  /** The role SageMaker jobs run as; the only role the state machine may pass. */
  readonly sageMakerRole: iam.IRole;

  /**
   * The stages compiled before this one on its path (a custom stage hands their outputs to your states).
   * @default - none
   */
  readonly earlierStages?: string[];
}

/** The states a stage compiled to: entered at `start`, left through `end`. */
export interface StageStates {
  readonly start: sfn.State;
  readonly end: sfn.INextable & sfn.IChainable;
}

/**
 * One stage of an ML pipeline. Create stages with the classes in this package (`DatabricksJobStage`,
 * `TrainingStage`, ...) and put them in order with `PipelineDefinition`.
 *
 * A stage keeps its output in the workflow variable `$stage<stageName>`; the output properties of each stage class
 * (`trainingStage.modelArtifacts`) are JSONata expressions reading it (`{% $stageTrain.modelArtifacts %}`) that later
 * stages take as inputs.
 */
export abstract class PipelineStage {
  /** The stage's name: letters and digits, at most 30 characters, unique in its pipeline. */
  public readonly stageName: string;

  protected constructor(stageName: string) {
    this.stageName = stageName;
  }

  /**
   * Records the problems with this stage's props in `errors`, each under `<propPrefix>.<prop>`.
   */
  public abstract validate(errors: ValidationErrors, propPrefix: string): void;

  /**
   * Compiles the stage into states under `scope`.
   * @internal
   */
  public abstract _compile(scope: Construct, context: StageContext): StageStates;
}
