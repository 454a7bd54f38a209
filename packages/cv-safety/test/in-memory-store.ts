import { ObjectStore } from '../lambda/tape-composite/s3-store';

/** An S3 stand-in for handler tests: objects in a map, modification times set by the test. */
export class InMemoryStore implements ObjectStore {
  public readonly objects = new Map<string, { body: Uint8Array; lastModified: number; contentType?: string }>();

  public add(bucket: string, key: string, body: Uint8Array | string, lastModified = 0): void {
    this.objects.set(`${bucket}/${key}`, { body: typeof body === 'string' ? Buffer.from(body) : body, lastModified });
  }

  public text(bucket: string, key: string): string | undefined {
    const o = this.objects.get(`${bucket}/${key}`);
    return o && Buffer.from(o.body).toString('utf8');
  }

  public async getObject(bucket: string, key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(`${bucket}/${key}`)?.body;
  }

  public async putObject(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    this.objects.set(`${bucket}/${key}`, { body: typeof body === 'string' ? Buffer.from(body) : body, lastModified: Date.now(), contentType });
  }

  public async listObjects(bucket: string, prefix: string): Promise<Array<{ key: string; lastModified: number }>> {
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
      .map(([k, o]) => ({ key: k.slice(bucket.length + 1), lastModified: o.lastModified }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }
}
