import { DiagnosticSink } from './definition-diagnostic';
import { At, checkEnum, checkJsonataTemplate, checkNumberOrExpression, checkPath, checkPayloadTemplate, isObject } from './field-checks';
import { QueryLanguage } from './state-fields';

// ItemReader (Map), ResultWriter (Map) and ItemBatcher (Map) pages of the developer guide.
const READER_CONFIG_FIELDS = ['InputType', 'CSVHeaderLocation', 'CSVHeaders', 'CSVDelimiter', 'MaxItems', 'MaxItemsPath', 'ManifestType'];
const INPUT_TYPES = ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'];
const CSV_DELIMITERS = ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'];
const MAX_READER_ITEMS = 100_000_000;
// "MaxInputBytesPerBatch ... up to 256 KiB", the state payload limit.
const MAX_BATCH_BYTES = 262_144;

function checkFields(sink: DiagnosticSink, value: Record<string, unknown>, allowed: string[], what: string, at: At): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) sink.schema(`The field '${key}' is not supported in ${what}`, [...at, key]);
}

function checkArgs(sink: DiagnosticSink, value: Record<string, unknown>, language: QueryLanguage, at: At): void {
  if (language === 'JSONata' && value.Arguments !== undefined) checkJsonataTemplate(sink, value.Arguments, [...at, 'Arguments']);
  if (language === 'JSONPath' && value.Parameters !== undefined) checkPayloadTemplate(sink, value.Parameters, [...at, 'Parameters']);
}

export function checkItemReader(sink: DiagnosticSink, reader: unknown, language: QueryLanguage, at: At): void {
  if (!isObject(reader)) return sink.schema("'ItemReader' must be an object", at);
  checkFields(sink, reader, ['Resource', 'ReaderConfig', language === 'JSONata' ? 'Arguments' : 'Parameters'], `a ${language} ItemReader`, at);
  if (typeof reader.Resource !== 'string') sink.schema("'ItemReader' requires 'Resource'", [...at, 'Resource']);
  checkArgs(sink, reader, language, at);
  const config = reader.ReaderConfig;
  if (config === undefined) return;
  const here = [...at, 'ReaderConfig'];
  if (!isObject(config)) return sink.schema("'ReaderConfig' must be an object", here);
  checkFields(sink, config, READER_CONFIG_FIELDS.filter((f) => language === 'JSONPath' || f !== 'MaxItemsPath'), 'ReaderConfig', here);
  if (config.InputType !== undefined) checkEnum(sink, config.InputType, INPUT_TYPES, [...here, 'InputType']);
  if (config.CSVHeaderLocation !== undefined) checkEnum(sink, config.CSVHeaderLocation, ['FIRST_ROW', 'GIVEN'], [...here, 'CSVHeaderLocation']);
  if (config.CSVDelimiter !== undefined) checkEnum(sink, config.CSVDelimiter, CSV_DELIMITERS, [...here, 'CSVDelimiter']);
  const given = config.CSVHeaderLocation === 'GIVEN';
  const headers = config.CSVHeaders;
  if (given && (!Array.isArray(headers) || headers.length === 0 || !headers.every((h) => typeof h === 'string'))) {
    sink.schema("'CSVHeaders' (a non-empty array of strings) is required when 'CSVHeaderLocation' is GIVEN", [...here, 'CSVHeaders']);
  } else if (!given && headers !== undefined) {
    sink.schema("'CSVHeaders' is only used when 'CSVHeaderLocation' is GIVEN", [...here, 'CSVHeaders']);
  }
  if (config.MaxItems !== undefined) checkNumberOrExpression(sink, config.MaxItems, language, [...here, 'MaxItems'], { min: 0, max: MAX_READER_ITEMS, integer: true });
  if (config.MaxItemsPath !== undefined) checkPath(sink, config.MaxItemsPath, { reference: true }, [...here, 'MaxItemsPath']);
  if (config.MaxItems !== undefined && config.MaxItemsPath !== undefined) sink.schema("Use either 'MaxItems' or 'MaxItemsPath', not both", here);
}

export function checkResultWriter(sink: DiagnosticSink, writer: unknown, language: QueryLanguage, at: At): void {
  if (!isObject(writer)) return sink.schema("'ResultWriter' must be an object", at);
  checkFields(sink, writer, ['Resource', 'WriterConfig', language === 'JSONata' ? 'Arguments' : 'Parameters'], `a ${language} ResultWriter`, at);
  if (writer.Resource !== undefined && writer.Resource !== 'arn:aws:states:::s3:putObject') {
    sink.error('INVALID_RESOURCE', "A ResultWriter's 'Resource' must be arn:aws:states:::s3:putObject", [...at, 'Resource']);
  }
  if (writer.Resource === undefined && writer.WriterConfig === undefined) sink.schema("'ResultWriter' requires 'Resource' or 'WriterConfig'", at);
  checkArgs(sink, writer, language, at);
  const config = writer.WriterConfig;
  if (config === undefined) return;
  const here = [...at, 'WriterConfig'];
  if (!isObject(config)) return sink.schema("'WriterConfig' must be an object", here);
  checkFields(sink, config, ['OutputType', 'Transformation'], 'WriterConfig', here);
  if (config.OutputType !== undefined) checkEnum(sink, config.OutputType, ['JSON', 'JSONL'], [...here, 'OutputType']);
  if (config.Transformation !== undefined) checkEnum(sink, config.Transformation, ['NONE', 'COMPACT', 'FLATTEN'], [...here, 'Transformation']);
}

export function checkItemBatcher(sink: DiagnosticSink, batcher: unknown, language: QueryLanguage, at: At): void {
  if (!isObject(batcher)) return sink.schema("'ItemBatcher' must be an object", at);
  const pathFields = language === 'JSONPath' ? ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath'] : [];
  checkFields(sink, batcher, ['MaxItemsPerBatch', 'MaxInputBytesPerBatch', 'BatchInput', ...pathFields], `a ${language} ItemBatcher`, at);
  if (batcher.MaxItemsPerBatch !== undefined) checkNumberOrExpression(sink, batcher.MaxItemsPerBatch, language, [...at, 'MaxItemsPerBatch'], { min: 1, integer: true });
  if (batcher.MaxInputBytesPerBatch !== undefined) {
    checkNumberOrExpression(sink, batcher.MaxInputBytesPerBatch, language, [...at, 'MaxInputBytesPerBatch'], { min: 1, max: MAX_BATCH_BYTES, integer: true });
  }
  for (const field of pathFields) if (batcher[field] !== undefined) checkPath(sink, batcher[field], { reference: true }, [...at, field]);
  if (!['MaxItemsPerBatch', 'MaxInputBytesPerBatch', ...pathFields].some((f) => batcher[f] !== undefined)) {
    sink.schema("'ItemBatcher' needs at least one of MaxItemsPerBatch and MaxInputBytesPerBatch (or their Path)", at);
  }
  if (batcher.BatchInput !== undefined) {
    if (language === 'JSONata') checkJsonataTemplate(sink, batcher.BatchInput, [...at, 'BatchInput']);
    else checkPayloadTemplate(sink, batcher.BatchInput, [...at, 'BatchInput']);
  }
}

/** ProcessorConfig: Mode INLINE (default) or DISTRIBUTED; ExecutionType STANDARD or EXPRESS, required for DISTRIBUTED. */
export function checkProcessorConfig(sink: DiagnosticSink, config: unknown, at: At): 'INLINE' | 'DISTRIBUTED' {
  if (config === undefined) return 'INLINE';
  if (!isObject(config)) {
    sink.schema("'ProcessorConfig' must be an object", at);
    return 'INLINE';
  }
  checkFields(sink, config, ['Mode', 'ExecutionType'], 'ProcessorConfig', at);
  if (config.Mode !== undefined) checkEnum(sink, config.Mode, ['INLINE', 'DISTRIBUTED'], [...at, 'Mode']);
  const mode = config.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE';
  if (mode === 'DISTRIBUTED') {
    if (config.ExecutionType === undefined) sink.schema("'ExecutionType' (STANDARD or EXPRESS) is required in DISTRIBUTED mode", [...at, 'ExecutionType']);
    else checkEnum(sink, config.ExecutionType, ['STANDARD', 'EXPRESS'], [...at, 'ExecutionType']);
  } else if (config.ExecutionType !== undefined) {
    sink.schema("'ExecutionType' is only used in DISTRIBUTED mode", [...at, 'ExecutionType']);
  }
  return mode;
}
