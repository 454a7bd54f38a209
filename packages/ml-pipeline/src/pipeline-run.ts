import { concat, jsonata } from './private/jsonata';
import { EXECUTION_NAME, RUN_ID } from './private/pipeline-variables';

/** References to the current run (JSONata expressions), for stage props (per-run S3 locations, job parameters). */
export class PipelineRun {
  /** The run id: the MD5 of the execution ARN, 32 hex characters (in every job name of the run). */
  public static get id(): string {
    return jsonata(RUN_ID);
  }

  /** The execution's name. */
  public static get executionName(): string {
    return jsonata(EXECUTION_NAME);
  }

  /**
   * An S3 URI under `baseUri` that is unique to the run: `<baseUri>/<run id>/<folder>/`.
   * @param baseUri a literal `s3://bucket/prefix` (no trailing slash needed)
   * @param folder the folder under the run's prefix
   */
  public static s3Uri(baseUri: string, folder: string): string {
    return concat(`${baseUri.replace(/\/+$/, '')}/`, PipelineRun.id, `/${folder}/`);
  }

  private constructor() {}
}
