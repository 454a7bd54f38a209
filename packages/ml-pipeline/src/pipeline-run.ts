import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { EXECUTION_NAME_PATH, RUN_ID_PATH } from './private/state-paths';

/** References to the current run, for stage props (per-run S3 locations, job parameters). */
export class PipelineRun {
  /** The run id: the MD5 of the execution ARN, 32 hex characters (in every job name of the run). */
  public static get id(): string {
    return sfn.JsonPath.stringAt(RUN_ID_PATH);
  }

  /** The execution's name. */
  public static get executionName(): string {
    return sfn.JsonPath.stringAt(EXECUTION_NAME_PATH);
  }

  /**
   * An S3 URI under `baseUri` that is unique to the run: `<baseUri>/<run id>/<folder>/`.
   * @param baseUri a literal `s3://bucket/prefix` (no trailing slash needed)
   * @param folder the folder under the run's prefix
   */
  public static s3Uri(baseUri: string, folder: string): string {
    return sfn.JsonPath.format(`${baseUri.replace(/\/+$/, '')}/{}/${folder}/`, sfn.JsonPath.stringAt(RUN_ID_PATH));
  }

  private constructor() {}
}
