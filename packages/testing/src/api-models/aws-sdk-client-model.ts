import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * An AWS API model as the AWS SDK for JavaScript v3 ships it in `@aws-sdk/client-<service>`: the operation and shape
 * schemas (exported as `<Name>$`, read through the client's own `@smithy/core/schema`), plus what the schemas leave
 * out, taken from the generated type declarations: which request members are required and which members are enums.
 */
export class AwsSdkClientModel {
  /** Loads the model of `service` from its client package, resolved from the working directory, then from here. */
  public static load(service: string): AwsSdkClientModel {
    const cached = loaded.get(service);
    if (cached) return cached;
    const packageName = `@aws-sdk/client-${CLIENT_PACKAGE_OF[service] ?? service}`;
    let packageJson: string;
    try {
      packageJson = require.resolve(`${packageName}/package.json`, { paths: [process.cwd(), __dirname] });
    } catch {
      throw new ApiModelNotInstalledError(service, packageName);
    }
    const model = new AwsSdkClientModel(service, packageName, dirname(packageJson));
    loaded.set(service, model);
    return model;
  }

  private readonly client: Record<string, unknown>;
  private readonly normalize: (schema: unknown) => NormalizedSchema;
  private declarations?: Map<string, Map<string, MemberDeclaration>>;
  /** Normalized once: the payload checks cache their compiled form per schema object. */
  private readonly operations = new Map<string, { input?: NormalizedSchema; output?: NormalizedSchema } | undefined>();
  private readonly shapes = new Map<string, NormalizedSchema | undefined>();
  private enums?: Map<string, readonly string[]>;

  private constructor(public readonly service: string, public readonly packageName: string, private readonly packageDir: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.client = require(packageDir);
    // The client's own copy of @smithy/core reads its schemas: the format belongs to that version.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schemaModule = require(require.resolve('@smithy/core/schema', { paths: [packageDir] }));
    this.normalize = (schema) => schemaModule.NormalizedSchema.of(schema);
  }

  /** The request and response shapes of an operation (PascalCase, as in the API reference), or undefined when the model has no such operation. */
  public operation(name: string): { input?: NormalizedSchema; output?: NormalizedSchema } | undefined {
    if (!this.operations.has(name)) this.operations.set(name, this.readOperation(name));
    return this.operations.get(name);
  }

  /** A structure by its model name (for results that are not an operation's output, such as Batch's JobDetail). */
  public shape(name: string): NormalizedSchema | undefined {
    if (!this.shapes.has(name)) {
      const schema = this.client[`${name}$`];
      this.shapes.set(name, Array.isArray(schema) ? this.normalize(schema) : undefined);
    }
    return this.shapes.get(name);
  }

  private readOperation(name: string): { input?: NormalizedSchema; output?: NormalizedSchema } | undefined {
    const operation = this.client[`${name}$`] as unknown[] | undefined;
    if (!Array.isArray(operation) || operation[0] !== OPERATION_SCHEMA) return undefined;
    const shape = (ref: unknown) => {
      const schema = typeof ref === 'function' ? ref() : ref;
      return schema === UNIT ? undefined : this.normalize(schema);
    };
    return { input: shape(operation[4]), output: shape(operation[5]) };
  }

  /** Whether the model declares an error shape of this name (exported as `<Name>$` with the error schema tag). */
  public definesError(name: string): boolean {
    const schema = this.client[`${name}$`];
    return Array.isArray(schema) && schema[0] === ERROR_SCHEMA;
  }

  /** Required-ness and enum of a structure member, from the client's type declarations. */
  public member(shape: string, member: string): MemberDeclaration | undefined {
    return this.loadDeclarations().get(shape)?.get(member);
  }

  /** The values of an enum the model defines. */
  public enumValues(enumName: string): readonly string[] | undefined {
    this.loadDeclarations();
    return this.enums!.get(enumName);
  }

  private loadDeclarations(): Map<string, Map<string, MemberDeclaration>> {
    if (this.declarations) return this.declarations;
    const modelsDir = join(this.packageDir, 'dist-types', 'models');
    const files = existsSync(modelsDir) ? readdirSync(modelsDir).filter((file) => file.endsWith('.d.ts')) : [];
    this.enums = new Map();
    this.declarations = new Map();
    for (const file of files) {
      const text = readFileSync(join(modelsDir, file), 'utf8');
      // `export declare const AccountState: { readonly ACTIVE: "ACTIVE"; ... };`
      for (const match of text.matchAll(/^export declare const (\w+): \{\n((?:\s+readonly \w+: "[^"]*";\n)+)\};/gm)) {
        this.enums.set(match[1], [...match[2].matchAll(/: "([^"]*)";/g)].map((value) => value[1]));
      }
      // Top-level `export interface Account { ... }`; members are `    Name?: Type;` after their doc comment.
      for (const match of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
        const members = new Map<string, MemberDeclaration>();
        for (const member of match[2].matchAll(/^ {4}(\w+)(\??): ([^;]+);$/gm)) {
          const type = member[3].replace(/ \| undefined$/, '');
          const enumName = /^(\w+)(\[\])?$/.exec(type);
          members.set(member[1], { required: member[2] !== '?', enumName: enumName?.[1], enumList: enumName?.[2] !== undefined });
        }
        this.declarations.set(match[1], members);
      }
    }
    // Keep only the names that really are enums.
    for (const members of this.declarations.values()) {
      for (const [name, declaration] of members) {
        if (declaration.enumName && !this.enums.has(declaration.enumName)) members.set(name, { required: declaration.required });
      }
    }
    return this.declarations;
  }
}

export interface MemberDeclaration {
  readonly required: boolean;
  /** The enum the member (or, with `enumList`, each element) takes its values from. */
  readonly enumName?: string;
  readonly enumList?: boolean;
}

/** The slice of `@smithy/core/schema`'s NormalizedSchema the checks use. */
export interface NormalizedSchema {
  getName(withNamespace?: boolean): string | undefined;
  isStructSchema(): boolean;
  isUnionSchema(): boolean;
  isListSchema(): boolean;
  isMapSchema(): boolean;
  isDocumentSchema(): boolean;
  isBlobSchema(): boolean;
  isStringSchema(): boolean;
  isNumericSchema(): boolean;
  isBooleanSchema(): boolean;
  isTimestampSchema(): boolean;
  getValueSchema(): NormalizedSchema;
  structIterator(): Iterable<[string, NormalizedSchema]>;
}

/** The model's client package is not installed where the tests run. */
export class ApiModelNotInstalledError extends Error {
  constructor(service: string, packageName: string) {
    super(`The AWS API model of '${service}' comes from ${packageName}, which is not installed. `
      + `Install it as a dev dependency (npm install --save-dev ${packageName}), or set fieldValidationMode: 'NONE'.`);
    this.name = 'ApiModelNotInstalledError';
  }
}

/** Where the service id of an `aws-sdk:<service>` resource and the client package name differ. */
const CLIENT_PACKAGE_OF: Record<string, string> = { events: 'eventbridge', states: 'sfn', sagemakerruntime: 'sagemaker-runtime' };
const OPERATION_SCHEMA = 9;
const ERROR_SCHEMA = -3;
const UNIT = 'unit';
const loaded = new Map<string, AwsSdkClientModel>();
