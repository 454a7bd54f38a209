import { batchItems } from '../../src/engine/item-batcher';
import { parseCsv, readItems } from '../../src/engine/item-reader';
import { writeResults } from '../../src/engine/result-writer';
import { InMemoryS3ObjectSource, NoSuchBucketError } from '../../src/engine/s3-object-source';

describe('parseCsv', () => {
  test('quoted fields keep delimiters, line breaks and doubled quotes', () => {
    expect(parseCsv('a,"b,c","say ""hi""","multi\nline"\r\nx,y,z,w', ',')).toEqual([
      ['a', 'b,c', 'say "hi"', 'multi\nline'],
      ['x', 'y', 'z', 'w'],
    ]);
  });

  test('empty fields and a final line break', () => {
    expect(parseCsv('a,,c\n', ',')).toEqual([['a', '', 'c']]);
  });

  test('an unclosed quote is an error', () => {
    expect(() => parseCsv('"abc', ',')).toThrow('not closed');
  });
});

describe('readItems', () => {
  test('a CSV row with more fields than the header fails with States.ItemReaderFailed', () => {
    const s3 = new InMemoryS3ObjectSource({ b: { 'k.csv': 'a,b\n1,2,3\n' } });
    expect(() => readItems({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV' }, Parameters: { Bucket: 'b', Key: 'k.csv' } }, s3))
      .toThrow(expect.objectContaining({ error: 'States.ItemReaderFailed', cause: expect.stringContaining('3 fields') }));
  });

  test('Arguments (JSONata) name the object as Parameters do', () => {
    const s3 = new InMemoryS3ObjectSource({ b: { 'k.json': '[1]' } });
    expect(readItems({ Resource: 'arn:aws:states:::s3:getObject', Arguments: { Bucket: 'b', Key: 'k.json' } }, s3)).toEqual([1]);
  });

  test('a missing Bucket parameter is States.ItemReaderFailed', () => {
    expect(() => readItems({ Resource: 'arn:aws:states:::s3:getObject', Parameters: { Key: 'k' } }, new InMemoryS3ObjectSource()))
      .toThrow(expect.objectContaining({ error: 'States.ItemReaderFailed' }));
  });

  test('6,000 JSON Lines items are read in order', () => {
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ accountId: i })).join('\n');
    const items = readItems({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: 'b', Key: 'k' } }, new InMemoryS3ObjectSource({ b: { k: lines } }));
    expect(items).toHaveLength(6000);
    expect(items[5999]).toEqual({ accountId: 5999 });
  });
});

describe('batchItems', () => {
  test('the byte limit counts the whole child input JSON ({"Items":[1,2]} is 15 bytes)', () => {
    expect(batchItems([1, 2, 3, 4], { MaxItemsPerBatch: 3, MaxInputBytesPerBatch: 15 }).map((b) => b.Items)).toEqual([[1, 2], [3, 4]]);
  });

  test('both limits apply: the first one reached closes the batch', () => {
    expect(batchItems([1, 2, 3, 4], { MaxItemsPerBatch: 3, MaxInputBytesPerBatch: 17 }).map((b) => b.Items)).toEqual([[1, 2, 3], [4]]);
  });

  test('an item larger than a batch may be is States.Runtime', () => {
    expect(() => batchItems(['x'.repeat(100)], { MaxInputBytesPerBatch: 50 })).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });

  test('no items give no batches', () => {
    expect(batchItems([], { MaxItemsPerBatch: 2 })).toEqual([]);
  });
});

describe('writeResults', () => {
  const child = { executionArn: 'arn:e', name: 'c', stateMachineArn: 'arn:sm', status: 'SUCCEEDED' as const, input: 1, output: [1, 2], startDate: 't0', stopDate: 't1' };

  test('JSONL output writes one record per line', () => {
    const s3 = new InMemoryS3ObjectSource({ r: {} });
    writeResults({ writer: { Parameters: { Bucket: 'r', Prefix: 'p/' }, WriterConfig: { OutputType: 'JSONL', Transformation: 'NONE' } }, mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:m/M:id1', executions: [child, child], s3 });
    expect(s3.objectsIn('r')['p/id1/SUCCEEDED_0.jsonl'].trim().split('\n')).toHaveLength(2);
  });

  test('FLATTEN without a bucket returns the joined child outputs', () => {
    expect(writeResults({ writer: { WriterConfig: { Transformation: 'FLATTEN' } }, mapRunArn: 'arn:x:id', executions: [child, child], s3: new InMemoryS3ObjectSource() })).toEqual([1, 2, 1, 2]);
  });

  test('the in-memory source refuses unknown buckets unless told to create them', () => {
    expect(() => new InMemoryS3ObjectSource().putObject('b', 'k', 'v')).toThrow(NoSuchBucketError);
    const lenient = new InMemoryS3ObjectSource({}, { createBucketsOnWrite: true });
    lenient.putObject('b', 'k', 'v');
    expect(lenient.getObject('b', 'k')).toBe('v');
  });
});
