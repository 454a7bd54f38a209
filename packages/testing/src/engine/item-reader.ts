import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { S3ObjectSource } from './s3-object-source';
import { StatesError } from './states-error';

/**
 * ItemReader for a Distributed Map ("ItemReader (Map)", developer guide): items from a JSON array, JSON Lines or CSV
 * object (`arn:aws:states:::s3:getObject`), from an S3 inventory manifest, or the object listing of a prefix
 * (`arn:aws:states:::s3:listObjectsV2`). `Parameters`/`Arguments` must already be evaluated by the engine.
 */
export interface ItemReaderSpec {
  readonly Resource: string;
  /** Bucket and Key (getObject) or Bucket and Prefix (listObjectsV2), already evaluated. */
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
  readonly ReaderConfig?: {
    readonly InputType?: string;
    readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    readonly CSVHeaders?: readonly string[];
    readonly CSVDelimiter?: string;
    /** Already resolved from MaxItemsPath by the engine when that is used. */
    readonly MaxItems?: number;
    readonly ManifestType?: string;
  };
}

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

function readerFailed(reason: string): StatesError {
  return new StatesError('States.ItemReaderFailed', reason);
}

function stringParameter(parameters: Record<string, unknown>, name: string, required: boolean): string {
  const value = parameters[name];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string' || value === '') throw readerFailed(`The ItemReader parameter '${name}' must be a non-empty string`);
  return value;
}

function readObject(s3: S3ObjectSource, bucket: string, key: string): string {
  let body: string | undefined;
  try {
    body = s3.getObject(bucket, key);
  } catch (error) {
    throw readerFailed(`Could not read s3://${bucket}/${key}: ${(error as Error).message}`);
  }
  if (body === undefined) throw readerFailed(`The object s3://${bucket}/${key} does not exist (NoSuchKey)`);
  return body;
}

/** Reads every item the ItemReader names, honouring ReaderConfig.MaxItems; failures are States.ItemReaderFailed. */
export function readItems(reader: ItemReaderSpec, s3: S3ObjectSource): unknown[] {
  const parameters = reader.Arguments ?? reader.Parameters ?? {};
  const config = reader.ReaderConfig ?? {};
  const bucket = stringParameter(parameters, 'Bucket', true);
  let items: unknown[];
  if (reader.Resource.endsWith(':s3:listObjectsV2')) {
    items = listObjects(s3, bucket, stringParameter(parameters, 'Prefix', false));
  } else if (reader.Resource.endsWith(':s3:getObject')) {
    const key = stringParameter(parameters, 'Key', true);
    items = readObjectItems(s3, bucket, key, config);
  } else {
    throw readerFailed(`Unsupported ItemReader resource '${reader.Resource}'`);
  }
  const max = config.MaxItems;
  // "MaxItems ... 0 means no limit" is not documented; a positive MaxItems caps the items read, in order.
  return typeof max === 'number' && max > 0 ? items.slice(0, max) : items;
}

function readObjectItems(s3: S3ObjectSource, bucket: string, key: string, config: NonNullable<ItemReaderSpec['ReaderConfig']>): unknown[] {
  const inputType = config.InputType ?? 'JSON';
  if (inputType === 'MANIFEST') return readInventoryManifest(s3, bucket, key);
  const body = readObject(s3, bucket, key);
  switch (inputType) {
    case 'JSON': return parseJsonArray(body, bucket, key);
    case 'JSONL': return parseJsonLines(body, bucket, key);
    case 'CSV': return csvItems(body, config, `s3://${bucket}/${key}`);
    default: throw readerFailed(`Unsupported ReaderConfig InputType '${inputType}'`);
  }
}

function parseJsonArray(body: string, bucket: string, key: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw readerFailed(`s3://${bucket}/${key} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw readerFailed(`s3://${bucket}/${key} must contain a JSON array`);
  return value;
}

function parseJsonLines(body: string, bucket: string, key: string): unknown[] {
  return body.split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line)];
    } catch (error) {
      throw readerFailed(`Line ${i + 1} of s3://${bucket}/${key} is not valid JSON: ${(error as Error).message}`);
    }
  });
}

/** CSV rows become objects keyed by the header (first row, or CSVHeaders when GIVEN); values stay strings. */
function csvItems(body: string, config: NonNullable<ItemReaderSpec['ReaderConfig']>, where: string): Record<string, string>[] {
  const delimiter = DELIMITERS[config.CSVDelimiter ?? 'COMMA'];
  if (!delimiter) throw readerFailed(`Unsupported CSVDelimiter '${config.CSVDelimiter}'`);
  let rows: string[][];
  try {
    rows = parseCsv(body, delimiter);
  } catch (error) {
    throw readerFailed(`${where} is not valid CSV: ${(error as Error).message}`);
  }
  let headers: readonly string[];
  if ((config.CSVHeaderLocation ?? 'FIRST_ROW') === 'GIVEN') {
    if (!config.CSVHeaders || config.CSVHeaders.length === 0) throw readerFailed('CSVHeaders are required when CSVHeaderLocation is GIVEN');
    headers = config.CSVHeaders;
  } else {
    if (rows.length === 0) throw readerFailed(`${where} has no header row`);
    headers = rows.shift()!;
  }
  return rows.map((row, i) => {
    if (row.length !== headers.length) {
      throw readerFailed(`Row ${i + 1} of ${where} has ${row.length} fields but the header has ${headers.length}`);
    }
    return Object.fromEntries(headers.map((header, j) => [header, row[j]]));
  });
}

/**
 * listObjectsV2: one item per object with the fields of the guide's example that the source can know: Etag (the
 * quoted MD5 of a single-part upload), Key, Size and StorageClass. LastModified is not known to an S3ObjectSource.
 */
function listObjects(s3: S3ObjectSource, bucket: string, prefix: string): unknown[] {
  let keys: string[];
  try {
    keys = s3.listKeys(bucket, prefix);
  } catch (error) {
    throw readerFailed(`Could not list s3://${bucket}/${prefix}: ${(error as Error).message}`);
  }
  return keys.map((key) => {
    const body = s3.getObject(bucket, key) ?? '';
    return { Etag: `"${createHash('md5').update(body, 'utf8').digest('hex')}"`, Key: key, Size: Buffer.byteLength(body, 'utf8'), StorageClass: 'STANDARD' };
  });
}

interface InventoryManifest {
  readonly destinationBucket?: string;
  readonly fileFormat?: string;
  readonly fileSchema?: string;
  readonly files?: ReadonlyArray<{ key: string }>;
}

/**
 * An S3 inventory manifest (manifest.json): its CSV inventory files, read from the destination bucket, give one item
 * per listed object with the fields of `fileSchema`. Gzipped files (`.gz`) are stored base64-encoded in the source.
 */
function readInventoryManifest(s3: S3ObjectSource, bucket: string, key: string): unknown[] {
  const manifest = parseJsonArrayOrObject(readObject(s3, bucket, key), bucket, key) as InventoryManifest;
  if (manifest.fileFormat !== 'CSV') throw readerFailed(`Only CSV inventory manifests are supported, found '${manifest.fileFormat}'`);
  if (!manifest.fileSchema || !Array.isArray(manifest.files)) throw readerFailed(`s3://${bucket}/${key} is not an S3 inventory manifest`);
  const headers = manifest.fileSchema.split(',').map((field) => field.trim());
  const destination = (manifest.destinationBucket ?? `arn:aws:s3:::${bucket}`).replace(/^arn:[^:]+:s3:::/, '');
  return manifest.files.flatMap((file) => {
    let body = readObject(s3, destination, file.key);
    if (file.key.endsWith('.gz')) {
      try {
        body = gunzipSync(Buffer.from(body, 'base64')).toString('utf8');
      } catch (error) {
        throw readerFailed(`s3://${destination}/${file.key} is not gzip data: ${(error as Error).message}`);
      }
    }
    return csvItems(body, { CSVHeaderLocation: 'GIVEN', CSVHeaders: headers }, `s3://${destination}/${file.key}`);
  });
}

function parseJsonArrayOrObject(body: string, bucket: string, key: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw readerFailed(`s3://${bucket}/${key} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Splits CSV text into rows of fields as RFC 4180 defines them: fields may be quoted with `"`, a quoted field may hold
 * the delimiter, line breaks and `""` (one quote). Rows end with LF or CRLF; a final line break adds no row.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      endField();
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      endRow();
      if (char === '\r') i++;
    } else {
      field += char;
    }
    i++;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
