import { jsonata, numberExpression } from './private/jsonata';
import { PARAMS_VARIABLE } from './private/pipeline-variables';

/** The JSON type of a runtime parameter. */
export enum PipelineParameterType {
  /** A JSON string. */
  STRING = 'STRING',
  /** A JSON number. */
  NUMBER = 'NUMBER',
}

/**
 * A value a pipeline takes from its execution input (`{ "parameters": { "<name>": ... } }`), with a construct-level
 * default. Use `asString` / `asNumber` (JSONata expressions) in any stage prop that says it may be a run-time value.
 */
export class PipelineParameter {
  /** A string parameter, for example an instance type or an S3 URI. */
  public static string(name: string, defaultValue: string): PipelineParameter {
    return new PipelineParameter(name, PipelineParameterType.STRING, defaultValue);
  }

  /** A number parameter, for example an instance count. */
  public static number(name: string, defaultValue: number): PipelineParameter {
    return new PipelineParameter(name, PipelineParameterType.NUMBER, defaultValue);
  }

  private constructor(
    /** The key under `parameters` in the execution input. */
    public readonly name: string,
    /** The JSON type the input must have. */
    public readonly type: PipelineParameterType,
    /** The value used when the execution input does not give one. */
    public readonly defaultValue: any,
  ) {}

  /** The value at run time (`{% $pipelineParams.<name> %}`), for string props. */
  public get asString(): string {
    if (this.type !== PipelineParameterType.STRING) {
      throw new Error(`PipelineParameter '${this.name}' is a ${this.type}; use asNumber`);
    }
    return jsonata(`$${PARAMS_VARIABLE}.${this.name}`);
  }

  /** The value at run time (`{% $pipelineParams.<name> %}`), for number props. */
  public get asNumber(): number {
    if (this.type !== PipelineParameterType.NUMBER) {
      throw new Error(`PipelineParameter '${this.name}' is a ${this.type}; use asString`);
    }
    return numberExpression(`$${PARAMS_VARIABLE}.${this.name}`);
  }
}
