import { ValidationErrors } from '@statecraft/process-orchestration';
import { isRuntimeValue } from './jsonata';

/**
 * SageMaker names every instance type with the `ml.` prefix (SageMaker API Reference, ResourceConfig,
 * TransformResources and ProductionVariant: `InstanceType` valid values such as `ml.m5.xlarge`); a bare EC2 name
 * like `m5.xlarge` is rejected by CreateTrainingJob at run time, after the earlier stages have run.
 */
const SAGEMAKER_INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/;

/** Records the problem with a stage's SageMaker `instanceType`, if any. */
export function validateInstanceType(errors: ValidationErrors, prop: string, instanceType: string | undefined): void {
  if (instanceType === undefined || isRuntimeValue(instanceType) || SAGEMAKER_INSTANCE_TYPE.test(instanceType)) {
    return;
  }
  const suggestion = /^[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceType) ? ` (did you mean 'ml.${instanceType}'?)` : '';
  errors.add(prop, `'${instanceType}' is not a SageMaker instance type; SageMaker instance types start with 'ml.', for example 'ml.m5.xlarge'${suggestion}`);
}
