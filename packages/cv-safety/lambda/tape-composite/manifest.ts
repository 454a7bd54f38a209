import { StoredObject } from './frame-selection';

/** One line of a Ground Truth input manifest (JSON Lines, `source-ref` is the image). */
export interface ManifestEntry {
  readonly bucket: string;
  readonly key: string;
  /** Extra attributes written beside `source-ref` (Ground Truth passes them through). */
  readonly attributes?: Record<string, string | number>;
}

export function buildManifest(entries: readonly ManifestEntry[]): string {
  return entries.map((e) => JSON.stringify({ 'source-ref': `s3://${e.bucket}/${e.key}`, ...e.attributes })).join('\n') + (entries.length > 0 ? '\n' : '');
}

/** Counts the data objects of a JSON Lines manifest (blank lines do not count). */
export function countManifestItems(text: string): number {
  return text.split('\n').filter((line) => line.trim().length > 0).length;
}

/**
 * The objects modified after the watermark (folder markers ignored), and the new watermark: the latest
 * modification time seen, or the old one when nothing is new.
 */
export function selectNewObjects(objects: readonly StoredObject[], sinceMs: number): { objects: StoredObject[]; watermarkMs: number } {
  const fresh = objects.filter((o) => o.lastModified > sinceMs && !o.key.endsWith('/'));
  fresh.sort((a, b) => a.lastModified - b.lastModified || a.key.localeCompare(b.key));
  const watermarkMs = fresh.length > 0 ? fresh[fresh.length - 1].lastModified : sinceMs;
  return { objects: fresh, watermarkMs };
}
