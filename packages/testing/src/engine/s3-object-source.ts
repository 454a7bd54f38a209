/**
 * The S3 objects a Distributed Map reads (ItemReader) and writes (ResultWriter). Tests give an in-memory source; the
 * engine never calls S3.
 */
export interface S3ObjectSource {
  /** The object's body as text, or undefined when there is no such object. */
  getObject(bucket: string, key: string): string | undefined;
  /** Keys of the bucket's objects that start with `prefix`, in lexicographic (UTF-8 binary) order as S3 lists them. */
  listKeys(bucket: string, prefix: string): string[];
  /** Stores an object; throws when the bucket does not exist. */
  putObject(bucket: string, key: string, body: string): void;
}

/** Raised by an S3ObjectSource for a bucket it does not hold (S3's NoSuchBucket). */
export class NoSuchBucketError extends Error {
  constructor(public readonly bucket: string) {
    super(`The specified bucket does not exist: ${bucket}`);
    this.name = 'NoSuchBucket';
  }
}

/**
 * Objects held in memory, keyed by bucket and key. Buckets named at construction (or given objects) exist; writing to
 * any other bucket fails as S3 does, unless `createBucketsOnWrite` is set.
 */
export class InMemoryS3ObjectSource implements S3ObjectSource {
  private readonly buckets = new Map<string, Map<string, string>>();

  constructor(objects: Record<string, Record<string, string>> = {}, private readonly options: { createBucketsOnWrite?: boolean } = {}) {
    for (const [bucket, keys] of Object.entries(objects)) this.buckets.set(bucket, new Map(Object.entries(keys)));
  }

  getObject(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  listKeys(bucket: string, prefix: string): string[] {
    const objects = this.buckets.get(bucket);
    if (!objects) throw new NoSuchBucketError(bucket);
    return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  putObject(bucket: string, key: string, body: string): void {
    let objects = this.buckets.get(bucket);
    if (!objects) {
      if (!this.options.createBucketsOnWrite) throw new NoSuchBucketError(bucket);
      objects = new Map();
      this.buckets.set(bucket, objects);
    }
    objects.set(key, body);
  }

  /** Every object of a bucket, for assertions on what a ResultWriter wrote. */
  objectsIn(bucket: string): Record<string, string> {
    return Object.fromEntries(this.buckets.get(bucket) ?? []);
  }
}
