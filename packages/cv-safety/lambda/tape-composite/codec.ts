// The codecs are bundled into the function's asset by esbuild at build time, so they are build-time (dev) dependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as jpeg from 'jpeg-js';
// eslint-disable-next-line import/no-extraneous-dependencies
import { PNG } from 'pngjs';
import { RgbaImage } from './image';

/** Raised for bytes that are neither PNG nor JPEG. */
export class UnsupportedImageError extends Error {
  public readonly name = 'UnsupportedImage';
}

// A 1920x1080 RGBA frame is about 8 MiB; jpeg-js refuses anything over its memory cap, so set it with room.
const JPEG_MAX_MEMORY_MB = 512;

/** Decodes a PNG or JPEG (told apart by their signatures) into RGBA. */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  }
  throw new UnsupportedImageError('expected a PNG or JPEG frame');
}

/**
 * Encodes lossless PNG for the annotators. Deflate level 3 with the "filtered" strategy: measured in the
 * benchmark, level 9 costs several times the time for a few percent of size on camera images.
 */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { deflateLevel: 3, deflateStrategy: 1 });
}

/** Encodes JPEG (used by tests and the benchmark to produce camera-like frames). */
export function encodeJpeg(image: RgbaImage, quality = 90): Buffer {
  return jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality).data;
}
