import { ValidationErrors } from '@statecraft/process-orchestration';
import { BatchTransformStage, BatchTransformStageProps } from './batch-transform-stage';
import { isRuntimeValue } from '../private/jsonata';

/** Props of a scikit-learn batch transform stage. */
export interface ScikitLearnTransformStageProps extends BatchTransformStageProps {
  /** The inference script in `sourceDir` (it defines `model_fn`, and optionally `input_fn`, `predict_fn`, `output_fn`). */
  readonly entryPoint: string;

  /** The S3 URI of a `sourcedir.tar.gz` holding `entryPoint` (and a `requirements.txt` if it needs more packages). */
  readonly sourceDir: string;
}

/**
 * A batch transform with the SageMaker scikit-learn container, typically a fitted preprocessing pipeline (scaler,
 * encoder) applied to the raw features before training. `inferenceImage` is the scikit-learn image of your region,
 * for example `683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3`.
 *
 * Output (`$stage<stageName>`): `{ jobName, modelName, outputUri }`.
 */
export class ScikitLearnTransformStage extends BatchTransformStage {
  private readonly scikitLearn: ScikitLearnTransformStageProps;

  constructor(stageName: string, props: ScikitLearnTransformStageProps) {
    super(stageName, props);
    this.scikitLearn = props;
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    super.validate(errors, propPrefix);
    errors.addIf(!/^[\w\-./]+\.py$/.test(this.scikitLearn.entryPoint), `${propPrefix}.entryPoint`,
      `'${this.scikitLearn.entryPoint}' must be the path of a Python script in sourceDir (like 'inference.py')`);
    const sourceDir = this.scikitLearn.sourceDir;
    errors.addIf(!isRuntimeValue(sourceDir) && !(sourceDir.startsWith('s3://') && sourceDir.endsWith('.tar.gz')), `${propPrefix}.sourceDir`,
      `must be the s3:// URI of a .tar.gz archive (got '${sourceDir}')`);
  }

  /** The SageMaker framework containers find the script through these variables. */
  protected containerEnvironment(): { [key: string]: string } {
    return {
      ...super.containerEnvironment(),
      SAGEMAKER_PROGRAM: this.scikitLearn.entryPoint,
      SAGEMAKER_SUBMIT_DIRECTORY: this.scikitLearn.sourceDir,
    };
  }
}
