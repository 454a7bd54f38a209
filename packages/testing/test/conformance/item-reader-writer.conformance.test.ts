import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ITEM_BATCHER, ITEM_READER, RESULT_WRITER } from './aws-docs';
import { batchItems } from '../../src/engine/item-batcher';
import { ItemReaderSpec, readItems } from '../../src/engine/item-reader';
import { writeResults } from '../../src/engine/result-writer';
import { InMemoryS3ObjectSource } from '../../src/engine/s3-object-source';

/** ItemReader, ItemBatcher and ResultWriter of the Distributed Map, module-level over an in-memory S3. */
const GET = 'arn:aws:states:::s3:getObject';
const LIST = 'arn:aws:states:::s3:listObjectsV2';
/** An item as listObjectsV2 lists it (developer guide example: Etag, Key, LastModified, Size, StorageClass; LastModified aside). */
const listed = (key: string, body: string) => ({ Etag: `"${createHash('md5').update(body).digest('hex')}"`, Key: key, Size: body.length, StorageClass: 'STANDARD' });
const CSV_FILE = 'LineNumber,MovieTitle,Rating\n1,Toy Story,5\n2,"Heat, the movie",4\n';

const s3 = () => new InMemoryS3ObjectSource({
  data: {
    'movies.csv': CSV_FILE,
    'movies-noheader.csv': '1,Toy Story,5\n2,Heat,4\n',
    'movies-pipe.csv': 'id|title\n1|Up\n',
    'movies.json': JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]),
    'movies.jsonl': '{"id":1}\n{"id":2}\n',
    'not-array.json': '{"id":1}',
    'bad.json': '[1,',
    'images/a.jpg': 'aaaa',
    'images/b.jpg': 'bb',
    'other/c.txt': 'c',
    'inventory/manifest.json': JSON.stringify({
      sourceBucket: 'data',
      destinationBucket: 'arn:aws:s3:::data',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, Size',
      files: [{ key: 'inventory/data/part-1.csv.gz', size: 1, MD5checksum: 'x' }],
    }),
    'inventory/data/part-1.csv.gz': gzipSync('data,images/a.jpg,4\ndata,images/b.jpg,2\n').toString('base64'),
  },
});

interface ReaderCase {
  readonly title: string;
  readonly source: string;
  readonly reader: ItemReaderSpec;
  readonly expected?: unknown;
  readonly error?: string;
}

const JSON_SECTION = `${ITEM_READER} — JSON file in an S3 bucket`;
const JSONL_SECTION = `${ITEM_READER} — JSON Lines file in an S3 bucket`;
const CSV_SECTION = `${ITEM_READER} — CSV file in an S3 bucket`;
const LIST_SECTION = `${ITEM_READER} — Objects in an S3 bucket (ListObjectsV2)`;
const MANIFEST_SECTION = `${ITEM_READER} — S3 inventory manifest`;
const READER_CONFIG = `${ITEM_READER} — ReaderConfig (MaxItems)`;

const readerCases: ReaderCase[] = [
  { title: 'a JSON array gives one item per element', source: JSON_SECTION, reader: { Resource: GET, Parameters: { Bucket: 'data', Key: 'movies.json' } }, expected: [{ id: 1 }, { id: 2 }, { id: 3 }] },
  { title: 'InputType JSON is the default for getObject', source: JSON_SECTION, reader: { Resource: GET, ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'data', Key: 'movies.json' } }, expected: [{ id: 1 }, { id: 2 }, { id: 3 }] },
  { title: 'a JSON object that is not an array fails with States.ItemReaderFailed', source: JSON_SECTION, reader: { Resource: GET, Parameters: { Bucket: 'data', Key: 'not-array.json' } }, error: 'States.ItemReaderFailed' },
  { title: 'malformed JSON fails with States.ItemReaderFailed', source: JSON_SECTION, reader: { Resource: GET, Parameters: { Bucket: 'data', Key: 'bad.json' } }, error: 'States.ItemReaderFailed' },
  { title: 'JSON Lines give one item per line', source: JSONL_SECTION, reader: { Resource: GET, ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: 'data', Key: 'movies.jsonl' } }, expected: [{ id: 1 }, { id: 2 }] },
  { title: 'CSV with the header in the first row gives objects of strings', source: CSV_SECTION, reader: { Resource: GET, ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'data', Key: 'movies.csv' } }, expected: [{ LineNumber: '1', MovieTitle: 'Toy Story', Rating: '5' }, { LineNumber: '2', MovieTitle: 'Heat, the movie', Rating: '4' }] },
  { title: 'CSV with GIVEN headers reads every row as data', source: CSV_SECTION, reader: { Resource: GET, ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['n', 'title', 'rating'] }, Parameters: { Bucket: 'data', Key: 'movies-noheader.csv' } }, expected: [{ n: '1', title: 'Toy Story', rating: '5' }, { n: '2', title: 'Heat', rating: '4' }] },
  { title: 'CSVDelimiter PIPE', source: `${CSV_SECTION} (CSVDelimiter)`, reader: { Resource: GET, ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: 'PIPE' }, Parameters: { Bucket: 'data', Key: 'movies-pipe.csv' } }, expected: [{ id: '1', title: 'Up' }] },
  { title: 'MaxItems limits the items read', source: READER_CONFIG, reader: { Resource: GET, ReaderConfig: { InputType: 'JSON', MaxItems: 2 }, Parameters: { Bucket: 'data', Key: 'movies.json' } }, expected: [{ id: 1 }, { id: 2 }] },
  { title: 'MaxItems limits CSV rows after the header', source: READER_CONFIG, reader: { Resource: GET, ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 1 }, Parameters: { Bucket: 'data', Key: 'movies.csv' } }, expected: [{ LineNumber: '1', MovieTitle: 'Toy Story', Rating: '5' }] },
  { title: 'listObjectsV2 gives one item per object under the prefix', source: LIST_SECTION, reader: { Resource: LIST, Parameters: { Bucket: 'data', Prefix: 'images/' } }, expected: [listed('images/a.jpg', 'aaaa'), listed('images/b.jpg', 'bb')] },
  { title: 'listObjectsV2 with MaxItems', source: `${LIST_SECTION}; ReaderConfig (MaxItems)`, reader: { Resource: LIST, ReaderConfig: { MaxItems: 1 }, Parameters: { Bucket: 'data', Prefix: 'images/' } }, expected: [listed('images/a.jpg', 'aaaa')] },
  { title: 'an S3 inventory manifest gives one item per inventoried object', source: MANIFEST_SECTION, reader: { Resource: GET, ReaderConfig: { InputType: 'MANIFEST' }, Parameters: { Bucket: 'data', Key: 'inventory/manifest.json' } }, expected: [{ Bucket: 'data', Key: 'images/a.jpg', Size: '4' }, { Bucket: 'data', Key: 'images/b.jpg', Size: '2' }] },
  { title: 'a missing object fails with States.ItemReaderFailed', source: `${ITEM_READER} — and Handling errors, States.ItemReaderFailed`, reader: { Resource: GET, Parameters: { Bucket: 'data', Key: 'nope.json' } }, error: 'States.ItemReaderFailed' },
  { title: 'a missing bucket fails with States.ItemReaderFailed', source: `${ITEM_READER} — and Handling errors, States.ItemReaderFailed`, reader: { Resource: LIST, Parameters: { Bucket: 'nobucket', Prefix: '' } }, error: 'States.ItemReaderFailed' },
];

describe('ItemReader conformance', () => {
  test.each(readerCases)('[item-reader] $title', ({ reader, expected, error }) => {
    if (error) {
      expect(() => readItems(reader, s3())).toThrow(expect.objectContaining({ error }));
      return;
    }
    expect(readItems(reader, s3())).toEqual(expected);
  });
});

describe('ItemBatcher conformance', () => {
  const BATCH = `${ITEM_BATCHER} — ItemBatcher fields`;
  test.each([
    { title: 'MaxItemsPerBatch groups items in order', source: BATCH, items: [1, 2, 3, 4, 5], batcher: { MaxItemsPerBatch: 2 }, expected: [{ Items: [1, 2] }, { Items: [3, 4] }, { Items: [5] }] },
    { title: 'BatchInput is added to every batch', source: `${BATCH} (BatchInput)`, items: [1, 2], batcher: { MaxItemsPerBatch: 5, BatchInput: { factCheck: 'TRUE' } }, expected: [{ BatchInput: { factCheck: 'TRUE' }, Items: [1, 2] }] },
  ])('[item-reader] $title', ({ items, batcher, expected }) => {
    expect(batchItems(items, batcher)).toEqual(expected);
  });
});

describe('ResultWriter conformance', () => {
  const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:onboarding/Map:ad1a4fc8-1d10-39f5-8ee9-3b4df5e8e7c0';
  const child = (i: number, status: 'SUCCEEDED' | 'FAILED') => ({
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:onboarding/Map:child-${i}`,
    name: `child-${i}`,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:onboarding/Map',
    status,
    input: { id: i },
    ...(status === 'SUCCEEDED' ? { output: { done: i } } : { error: 'Item.Failed', cause: `item ${i}` }),
    startDate: '2026-12-07T00:00:00.000Z',
    stopDate: '2026-12-07T00:00:01.000Z',
  });
  const SECTION = `${RESULT_WRITER} — ResultWriter output and files`;

  test('[result-writer] the Map result names the manifest (ResultWriterDetails)', () => {
    const store = new InMemoryS3ObjectSource({ results: {} });
    const output = writeResults({ writer: { Parameters: { Bucket: 'results', Prefix: 'csvProcessJobs' } }, mapRunArn: MAP_RUN, executions: [child(0, 'SUCCEEDED')], s3: store });
    expect(SECTION).toContain('input-output-resultwriter');
    expect(output).toEqual({ MapRunArn: MAP_RUN, ResultWriterDetails: { Bucket: 'results', Key: 'csvProcessJobs/ad1a4fc8-1d10-39f5-8ee9-3b4df5e8e7c0/manifest.json' } });
  });

  test('[result-writer] SUCCEEDED_0.json and FAILED_0.json hold the child execution records, manifest.json lists them', () => {
    const store = new InMemoryS3ObjectSource({ results: {} });
    writeResults({ writer: { Parameters: { Bucket: 'results', Prefix: 'out' } }, mapRunArn: MAP_RUN, executions: [child(0, 'SUCCEEDED'), child(1, 'FAILED')], s3: store });
    const objects = store.objectsIn('results');
    const folder = 'out/ad1a4fc8-1d10-39f5-8ee9-3b4df5e8e7c0/';
    expect(Object.keys(objects).sort()).toEqual([`${folder}FAILED_0.json`, `${folder}SUCCEEDED_0.json`, `${folder}manifest.json`]);
    const succeeded = JSON.parse(objects[`${folder}SUCCEEDED_0.json`]);
    expect(succeeded).toEqual([expect.objectContaining({ Name: 'child-0', Status: 'SUCCEEDED', Input: '{"id":0}', Output: '{"done":0}' })]);
    const failed = JSON.parse(objects[`${folder}FAILED_0.json`]);
    expect(failed).toEqual([expect.objectContaining({ Name: 'child-1', Status: 'FAILED', Error: 'Item.Failed', Cause: 'item 1' })]);
    expect(failed[0]).not.toHaveProperty('Output');
    const manifest = JSON.parse(objects[`${folder}manifest.json`]);
    expect(manifest).toEqual({
      DestinationBucket: 'results',
      MapRunArn: MAP_RUN,
      ResultFiles: {
        FAILED: [{ Key: `${folder}FAILED_0.json`, Size: Buffer.byteLength(objects[`${folder}FAILED_0.json`]) }],
        PENDING: [],
        SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json`, Size: Buffer.byteLength(objects[`${folder}SUCCEEDED_0.json`]) }],
      },
    });
  });

  test('[result-writer] writing to a missing bucket fails with States.ResultWriterFailed', () => {
    const store = new InMemoryS3ObjectSource({});
    expect(() => writeResults({ writer: { Parameters: { Bucket: 'missing', Prefix: 'p' } }, mapRunArn: MAP_RUN, executions: [child(0, 'SUCCEEDED')], s3: store }))
      .toThrow(expect.objectContaining({ error: 'States.ResultWriterFailed' }));
  });
});
