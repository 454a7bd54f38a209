import { handle, TapeCompositeRequest } from './handler';
import { ObjectStore, runtimeS3Store } from './s3-store';

let store: ObjectStore | undefined;

/** Lambda entry point: gathers frames, builds composites, writes manifests and selects items to label. */
export async function handler(event: TapeCompositeRequest): Promise<object> {
  store ??= runtimeS3Store();
  return handle(event, store);
}
