import { ITEM_READER, RESULT_WRITER } from './aws-docs';
import { CASE_TITLE, ExecutionCase, runCase } from './execution-case';
import { InMemoryS3ObjectSource } from '../../src';

/** Distributed Maps reading from and writing to mocked S3 through WorkflowSimulator's `s3` option. */
const distributed = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };
const echo = { ProcessorConfig: distributed, StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };
const store = () => new InMemoryS3ObjectSource({
  data: {
    'items.json': JSON.stringify([{ id: 1 }, { id: 2 }]),
    'items.jsonl': '{"id":1}\n{"id":2}\n{"id":3}\n',
    'items.csv': 'id,name\n1,ana\n2,bo\n',
  },
  results: {},
});
const readerMap = (reader: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  StartAt: 'M', States: { M: { Type: 'Map', ItemReader: reader, ItemProcessor: echo, End: true, ...extra } },
});

const cases: ExecutionCase[] = [
  { area: 'item-reader', title: 'a Distributed Map reads a JSON array from S3', source: `${ITEM_READER} — JSON file in an S3 bucket`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'items.json' } }), s3: store, expected: { status: 'SUCCEEDED', output: [{ id: 1 }, { id: 2 }] } },
  { area: 'item-reader', title: 'a Distributed Map reads JSON Lines from S3', source: `${ITEM_READER} — JSON Lines file in an S3 bucket`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: 'data', Key: 'items.jsonl' } }), s3: store, expected: { status: 'SUCCEEDED', output: [{ id: 1 }, { id: 2 }, { id: 3 }] } },
  { area: 'item-reader', title: 'a Distributed Map reads CSV rows as objects of strings', source: `${ITEM_READER} — CSV file in an S3 bucket`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'data', Key: 'items.csv' } }), s3: store, expected: { status: 'SUCCEEDED', output: [{ id: '1', name: 'ana' }, { id: '2', name: 'bo' }] } },
  { area: 'item-reader', title: 'ItemReader Parameters may read the input with .$', source: `${ITEM_READER} — ItemReader fields (Parameters)`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' } }), input: { bucket: 'data', key: 'items.json' }, s3: store, expected: { status: 'SUCCEEDED', output: [{ id: 1 }, { id: 2 }] } },
  { area: 'item-reader', title: 'ReaderConfig MaxItems limits the items processed', source: `${ITEM_READER} — ReaderConfig (MaxItems)`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL', MaxItems: 2 }, Parameters: { Bucket: 'data', Key: 'items.jsonl' } }), s3: store, expected: { status: 'SUCCEEDED', output: [{ id: 1 }, { id: 2 }] } },
  { area: 'item-reader', title: 'a missing S3 object fails the Map with States.ItemReaderFailed', source: `${ITEM_READER} — and Handling errors, States.ItemReaderFailed`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'missing.json' } }), s3: store, expected: { status: 'FAILED', error: 'States.ItemReaderFailed' } },
  { area: 'result-writer', title: 'with a ResultWriter the Map result names the bucket of the manifest', source: `${RESULT_WRITER} — ResultWriter output`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'items.json' } }, { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'out' } }, OutputPath: '$.ResultWriterDetails.Bucket' }), s3: store, expected: { status: 'SUCCEEDED', output: 'results' } },
  { area: 'result-writer', title: 'the manifest key is <Prefix>/<map run id>/manifest.json', source: `${RESULT_WRITER} — ResultWriter output`, asl: { StartAt: 'M', States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'items.json' } }, ItemProcessor: echo, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'out' } }, Next: 'C' }, C: { Type: 'Choice', Choices: [{ Variable: '$.ResultWriterDetails.Key', StringMatches: 'out/*/manifest.json', Next: 'Yes' }], Default: 'No' }, Yes: { Type: 'Pass', Result: 'yes', End: true }, No: { Type: 'Pass', Result: 'no', End: true } } }, s3: store, expected: { status: 'SUCCEEDED', output: 'yes' } },
  { area: 'result-writer', title: 'writing to a bucket that does not exist fails with States.ResultWriterFailed', source: `${RESULT_WRITER} — and Handling errors, States.ResultWriterFailed`, asl: readerMap({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'items.json' } }, { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'no-such-bucket', Prefix: 'out' } } }), s3: store, expected: { status: 'FAILED', error: 'States.ResultWriterFailed' } },
];

describe('ItemReader and ResultWriter executions conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});
