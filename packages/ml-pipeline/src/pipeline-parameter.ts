import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { PARAMS_PATH } from './private/state-paths';

/** The JSON type of a runtime parameter. */
export enum PipelineParameterType {
  /** A JSON string. */
  STRING = 'STRING',
  /** A JSON number. */
  NUMBER = 'NUMBER',
}

/**
 * A value a pipeline takes from its execution input (`{ "parameters": { "<name>": ... } }`), with a construct-level
 * default. Use `asString` / `asNumber` in any stage prop that says it may be a JSONPath reference.
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

  /** A reference to the value at run time, for string props. */
  public get asString(): string {
    if (this.type !== PipelineParameterType.STRING) {
      throw new Error(`PipelineParameter '${this.name}' is a ${this.type}; use asNumber`);
    }
    return sfn.JsonPath.stringAt(`${PARAMS_PATH}.${this.name}`);
  }

  /** A reference to the value at run time, for number props. */
  public get asNumber(): number {
    if (this.type !== PipelineParameterType.NUMBER) {
      throw new Error(`PipelineParameter '${this.name}' is a ${this.type}; use asString`);
    }
    return sfn.JsonPath.numberAt(`${PARAMS_PATH}.${this.name}`);
  }
}
