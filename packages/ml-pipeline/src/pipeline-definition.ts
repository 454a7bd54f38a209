import { PipelineStage } from './pipeline-stage';

/** One step of a pipeline: a stage, or stages run side by side. @internal */
export interface PipelineStep {
  readonly stage?: PipelineStage;
  readonly parallelName?: string;
  readonly branches?: PipelineDefinition[];
}

/**
 * The stages of an ML pipeline in order, written fluently:
 *
 * ```ts
 * PipelineDefinition.startWith(preprocess).next(train).nextInParallel('Publish', [
 *   PipelineDefinition.startWith(batchScore),
 *   PipelineDefinition.startWith(deploy),
 * ]);
 * ```
 *
 * Each stage writes its output to `$.stages.<stageName>`; later stages take it through the output properties of the
 * stage objects (`train.modelArtifacts`). Branches of a parallel step see the stages before it, and the stages after
 * it see the outputs of every branch.
 */
export class PipelineDefinition {
  /** A pipeline that starts with `stage`. */
  public static startWith(stage: PipelineStage): PipelineDefinition {
    return new PipelineDefinition().next(stage);
  }

  private readonly steps: PipelineStep[] = [];

  private constructor() {}

  /** Appends a stage; returns this definition. */
  public next(stage: PipelineStage): PipelineDefinition {
    this.steps.push({ stage });
    return this;
  }

  /**
   * Appends branches that run at the same time (a Parallel state named `name`); returns this definition. The step
   * fails with the first branch error.
   */
  public nextInParallel(name: string, branches: PipelineDefinition[]): PipelineDefinition {
    this.steps.push({ parallelName: name, branches });
    return this;
  }

  /** Every stage of the pipeline, including those in parallel branches, in definition order. */
  public get stages(): PipelineStage[] {
    return this.steps.flatMap((step) => step.stage ? [step.stage] : (step.branches ?? []).flatMap((b) => b.stages));
  }

  /** The names of the parallel steps, including nested ones. */
  public get parallelNames(): string[] {
    return this.steps.flatMap((step) => step.parallelName
      ? [step.parallelName, ...(step.branches ?? []).flatMap((b) => b.parallelNames)]
      : []);
  }

  /**
   * The steps in order.
   * @internal
   */
  public get _steps(): PipelineStep[] {
    return [...this.steps];
  }
}
