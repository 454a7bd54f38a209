import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { nagFindingText } from './private/nag-finding-text';
import { declareRoleSuppressions } from './private/state-machine-nag';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

/** aws-cdk-lib renders `resultWriterV2` only with this flag, and warns that `resultWriter` is deprecated. */
const RESULT_WRITER_V2_FLAG = '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2';

/** A Distributed Map runs at most 10,000 child workflows at once. */
const MAX_DISTRIBUTED_CONCURRENCY = 10000;
/** The JSONPath paths a JSONata fan-out translates: `$` or dotted names (`$.cameras.items`). */
const SIMPLE_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** What a {@link FanOut} iterates over. */
export class FanOutItems {
  /**
   * A JSON array in the state (an inline Map; up to 40 concurrent iterations). In a JSONata fan-out the path must be
   * `$` or dotted names (`$.cameras.items`).
   */
  public static fromJsonPath(itemsPath: string): FanOutItems {
    return new FanOutItems(itemsPath, undefined);
  }

  /** A JSON array computed by a JSONata expression (`{% $states.input.cameras.items %}`); JSONata fan-outs only. */
  public static fromJsonata(expression: string): FanOutItems {
    return new FanOutItems(undefined, undefined, expression);
  }

  /** The objects under a prefix of an S3 bucket (a Distributed Map; one item per object). */
  public static fromS3Objects(bucket: s3.IBucket, prefix?: string): FanOutItems {
    return new FanOutItems(undefined, new sfn.S3ObjectsItemReader({ bucket, prefix }));
  }

  /** A JSON array stored in one S3 object (a Distributed Map). */
  public static fromS3JsonArray(bucket: s3.IBucket, key: string): FanOutItems {
    return new FanOutItems(undefined, new sfn.S3JsonItemReader({ bucket, key }));
  }

  private constructor(
    /** The JSONPath of the items, for an inline Map. */
    public readonly itemsPath?: string,
    /** The S3 item reader, for a Distributed Map. */
    public readonly itemReader?: sfn.IItemReader,
    /** The JSONata expression of the items. */
    public readonly itemsExpression?: string,
  ) {}
}

/** Props for {@link FanOut}. */
export interface FanOutProps {
  /** The items. */
  readonly items: FanOutItems;
  /** What runs for each item. */
  readonly itemProcessor: sfn.IChainable;
  /**
   * Items processed at once (0 = as many as possible).
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * The share of items (0-100) that may fail before the whole fan-out fails with `Statecraft.FanOutFailed`
   * (Distributed Map only).
   * @default 0
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * Where a Distributed Map writes its results (one file per batch, plus a manifest).
   * @default - results are returned in the state (at most 256 KiB)
   */
  readonly resultBucket?: s3.IBucket;
  /**
   * Key prefix of the written results.
   * @default 'fan-out-results'
   */
  readonly resultPrefix?: string;
  /**
   * Where the results go in the state. In a JSONata fan-out: `$` (the results replace the input) or `$.<name>`.
   * @default '$.results'
   */
  readonly resultPath?: string;
  /**
   * Each iteration's input, built from the item (`$$.Map.Item.Value` in JSONPath, `$states.context.Map.Item.Value`
   * in JSONata) and the state.
   * @default - the item
   */
  readonly itemSelector?: { [key: string]: any };
  /**
   * The language of the Map state and its failure state. JSONATA fits JSONata and JSONPath state machines alike
   * (`itemSelector` is then JSONata; the item processor's states take the machine's language unless they declare
   * their own). JSON_PATH fits only a JSONPath machine, and takes a JSONPath `itemSelector` and any JSONPath items path.
   * @default sfn.QueryLanguage.JSONATA
   */
  readonly queryLanguage?: sfn.QueryLanguage;
  /**
   * Force a Distributed Map for JSON items (each item runs as a child execution, with its own history).
   * @default false
   */
  readonly distributed?: boolean;
}

/**
 * Runs work for many items: an inline Map over a JSON array, or a Distributed Map over items in S3 with max
 * concurrency, a tolerated failure percentage and a result writer. CDK grants the state machine what a
 * Distributed Map needs (starting its own child executions, reading the items, writing the results).
 *
 * When more items fail than tolerated, the fan-out fails with `Statecraft.FanOutFailed`.
 */
export class FanOut extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The Map state (inline or distributed). */
  public readonly map: sfn.MapBase;
  /** The bucket results are written to, if any. */
  public readonly resultBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    // The V2 result writer renders the same ASL; turning its flag on here (below this fragment only) spares every
    // app the deprecation warning of `resultWriter`, whatever flags the app sets.
    this.node.setContext(RESULT_WRITER_V2_FLAG, true);
    const errors = new ValidationErrors(this);
    validateFanOut(errors, props);
    errors.throwIfAny();
    this.resultBucket = props.resultBucket;
    const maxConcurrency = props.maxConcurrency ?? 10;
    const jsonata = (props.queryLanguage ?? sfn.QueryLanguage.JSONATA) === sfn.QueryLanguage.JSONATA;
    const failed = { error: StatecraftErrors.FAN_OUT_FAILED, cause: `More items of '${id}' failed than the ${props.toleratedFailurePercentage ?? 0}% tolerated` };
    const common = { maxConcurrency, itemSelector: props.itemSelector, ...(jsonata ? jsonataInputOutput(props) : jsonPathInputOutput(props)) };
    if (props.items.itemReader || props.distributed) {
      const map = new sfn.DistributedMap(this, id, {
        ...common,
        itemReader: props.items.itemReader,
        toleratedFailurePercentage: props.toleratedFailurePercentage,
        ...resultWriter(props),
      });
      map.itemProcessor(props.itemProcessor, { mode: sfn.ProcessorMode.DISTRIBUTED, executionType: sfn.ProcessorType.STANDARD });
      map.addCatch(jsonata ? sfn.Fail.jsonata(this, `${id} Failed`, failed) : new sfn.Fail(this, `${id} Failed`, failed),
        { errors: ['States.ExceedToleratedFailureThreshold'], ...(jsonata ? {} : { resultPath: '$.fanOutFailure' }) });
      this.map = map;
      if (props.resultBucket) {
        // The result writer writes objects named at run time: the role running this map gets `<bucket>/*`.
        declareRoleSuppressions(map, [{
          id: 'AwsSolutions-IAM5',
          reason: 'A Distributed Map result writer writes one object per batch plus a manifest, named at run time, into its result bucket',
          appliesTo: [`Resource::${nagFindingText(Stack.of(this).resolve(props.resultBucket.bucketArn))}/*`],
        }]);
      }
    } else {
      const map = new sfn.Map(this, id, common);
      map.itemProcessor(props.itemProcessor);
      this.map = map;
    }
    this.startState = this.map;
    this.endStates = [this.map];
  }
}

function validateFanOut(errors: ValidationErrors, props: FanOutProps): void {
  const max = props.maxConcurrency;
  errors.addIf(max !== undefined && (!Number.isInteger(max) || max < 0 || max > MAX_DISTRIBUTED_CONCURRENCY), 'maxConcurrency',
    `${max} must be an integer from 0 (no limit) to ${MAX_DISTRIBUTED_CONCURRENCY}`);
  const tolerated = props.toleratedFailurePercentage;
  errors.addIf(tolerated !== undefined && (tolerated < 0 || tolerated > 100), 'toleratedFailurePercentage',
    `${tolerated} must be from 0 to 100`);
  const jsonata = (props.queryLanguage ?? sfn.QueryLanguage.JSONATA) === sfn.QueryLanguage.JSONATA;
  const path = props.items.itemsPath;
  errors.addIf(jsonata && path !== undefined && !SIMPLE_PATH.test(path), 'items',
    `'${path}' must be '$' or dotted names such as '$.cameras.items' in a JSONata fan-out (or use FanOutItems.fromJsonata)`);
  errors.addIf(!jsonata && props.items.itemsExpression !== undefined, 'items', 'FanOutItems.fromJsonata needs a JSONata fan-out (queryLanguage JSONATA, the default)');
  const resultPath = props.resultPath;
  errors.addIf(jsonata && resultPath !== undefined && resultPath !== '$' && !/^\$\.[A-Za-z_][A-Za-z0-9_]*$/.test(resultPath), 'resultPath',
    `'${resultPath}' must be '$' or '$.<name>' in a JSONata fan-out`);
  const inline = !props.items.itemReader && !props.distributed;
  errors.addIf(inline && (tolerated !== undefined || props.resultBucket !== undefined), 'distributed',
    'toleratedFailurePercentage and resultBucket need a Distributed Map: use S3 items or distributed: true');
}

/** Items and result of a JSONPath Map. */
function jsonPathInputOutput(props: FanOutProps): Partial<sfn.MapProps> {
  return { itemsPath: props.items.itemsPath, resultPath: props.resultPath ?? '$.results' };
}

/** Items and output of a JSONata Map: the items path and result path translated to expressions. */
function jsonataInputOutput(props: FanOutProps): Partial<sfn.MapProps> {
  const path = props.items.itemsPath;
  const items = props.items.itemsExpression ?? (path ? `{% $states.input${path.slice(1)} %}` : undefined);
  const resultPath = props.resultPath ?? '$.results';
  const outputs = resultPath === '$'
    ? '{% $states.result %}'
    : `{% $merge([$states.input, { '${resultPath.slice(2)}': $states.result }]) %}`;
  return { queryLanguage: sfn.QueryLanguage.JSONATA, items: items ? sfn.ProvideItems.jsonata(items) : undefined, outputs };
}

/** The result writer (V2: the fan-out turns its flag on for itself). */
function resultWriter(props: FanOutProps): Partial<sfn.DistributedMapProps> {
  if (!props.resultBucket) return {};
  return { resultWriterV2: new sfn.ResultWriterV2({ bucket: props.resultBucket, prefix: props.resultPrefix ?? 'fan-out-results' }) };
}
