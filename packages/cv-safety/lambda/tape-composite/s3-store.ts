import { createRequire } from 'node:module';

/** The few S3 calls the handler makes, so the handler can be exercised with an in-memory store. */
export interface ObjectStore {
  getObject(bucket: string, key: string): Promise<Uint8Array | undefined>;
  putObject(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** Every object under the prefix (all pages). */
  listObjects(bucket: string, prefix: string): Promise<Array<{ key: string; lastModified: number }>>;
}

// ListObjectsV2 returns at most 1,000 keys a page; stop after this many pages so one camera cannot run the
// function into its timeout.
const MAX_LIST_PAGES = 50;

/**
 * S3 through the AWS SDK for JavaScript v3 that the Lambda Node.js runtime ships. It is loaded from the runtime
 * (not bundled), which keeps the deployment package to the image codecs and the core.
 */
export function runtimeS3Store(): ObjectStore {
  const runtimeRequire = createRequire(__filename);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const s3 = runtimeRequire('@aws-sdk/client-s3') as S3Module;
  const client = new s3.S3Client({});
  return {
    async getObject(bucket, key) {
      try {
        const response = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
        return await response.Body.transformToByteArray();
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async putObject(bucket, key, body, contentType) {
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async listObjects(bucket, prefix) {
      const objects: Array<{ key: string; lastModified: number }> = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const response = await client.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of response.Contents ?? []) objects.push({ key: o.Key, lastModified: o.LastModified.getTime() });
        token = response.NextContinuationToken;
        if (!token) break;
      }
      return objects;
    },
  };
}

/** The parts of `@aws-sdk/client-s3` used here (its types are not a dependency of this package). */
interface S3Module {
  S3Client: new (config: object) => { send(command: object): Promise<any> };
  GetObjectCommand: new (input: object) => object;
  PutObjectCommand: new (input: object) => object;
  ListObjectsV2Command: new (input: object) => object;
}
