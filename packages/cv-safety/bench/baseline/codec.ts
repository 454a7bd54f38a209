// The tape-composite codecs as they were before the WebAssembly decoder and the one-filter PNG writer (git 5f53198):
// kept as the benchmark's baseline, so every run compares against them on the same machine. Dev-only, never bundled.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as jpeg from 'jpeg-js';
// eslint-disable-next-line import/no-extraneous-dependencies
import { PNG } from 'pngjs';
import { RgbaImage } from '../../lambda/tape-composite/image';

const JPEG_MAX_MEMORY_MB = 512;

/** jpeg-js, pure JavaScript. */
export function decodeJpegBaseline(bytes: Uint8Array): RgbaImage {
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB });
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

/** pngjs, which tries all five PNG filters on every row; deflate level 3, "filtered" strategy. */
export function encodePngBaseline(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { deflateLevel: 3, deflateStrategy: 1 });
}
