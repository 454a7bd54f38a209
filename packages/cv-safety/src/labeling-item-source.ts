import * as s3 from 'aws-cdk-lib/aws-s3';

/** Kinds of {@link LabelingItemSource}. */
export enum LabelingItemSourceKind {
  /** A Ground Truth input manifest (JSON Lines with `source-ref`). */
  MANIFEST = 'MANIFEST',
  /** The objects under a prefix modified since the last successful run. */
  NEW_OBJECTS = 'NEW_OBJECTS',
}

/** Where a scheduled labeling run finds the items to label. An execution input `manifest` overrides it. */
export class LabelingItemSource {
  /** Label the data objects listed in this manifest. A missing or empty manifest skips the run. */
  public static manifest(bucket: s3.IBucket, key: string): LabelingItemSource {
    return new LabelingItemSource(LabelingItemSourceKind.MANIFEST, bucket, key, undefined);
  }

  /**
   * Label the objects written under `prefix` since the last successful run (by S3 LastModified; the
   * watermark is kept in the workflow's bucket and only advances when a run succeeds). No new object skips the run.
   */
  public static newObjects(bucket: s3.IBucket, prefix: string): LabelingItemSource {
    return new LabelingItemSource(LabelingItemSourceKind.NEW_OBJECTS, bucket, undefined, prefix);
  }

  private constructor(
    /** Which kind of source this is. */
    public readonly kind: LabelingItemSourceKind,
    /** The bucket holding the manifest or the objects. */
    public readonly bucket: s3.IBucket,
    /** The manifest key (MANIFEST only). */
    public readonly key: string | undefined,
    /** The prefix to watch (NEW_OBJECTS only). */
    public readonly prefix: string | undefined,
  ) {}
}
