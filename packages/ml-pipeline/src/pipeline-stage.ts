import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** What a stage needs from the pipeline it is compiled into. */
export interface StageContext {
  /** The role SageMaker jobs run as; the only role the state machine may pass. */
  readonly sageMakerRole: iam.IRole;
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
 * A stage writes its output to `$.stages.<stageName>` of the execution state; the output properties of each stage
 * class (`trainingStage.modelArtifacts`) are JSONPath references to it that later stages take as inputs.
 */
export abstract class PipelineStage {
  /** The stage's name: letters and digits, at most 30 characters, unique in its pipeline. */
  public readonly stageName: string;

  protected constructor(stageName: string) {
    this.stageName = stageName;
  }

  /**
   * The problems with this stage's props (empty when it can be compiled), each naming the prop.
   */
  public abstract validate(): string[];

  /**
   * Compiles the stage into states under `scope`.
   * @internal
   */
  public abstract _compile(scope: Construct, context: StageContext): StageStates;
}
