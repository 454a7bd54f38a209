// The codecs are bundled into the function's asset by esbuild at build time, so they are build-time (dev) dependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as jpegTurbo from '@cwasm/jpeg-turbo';
// eslint-disable-next-line import/no-extraneous-dependencies
import { PNG } from 'pngjs';
import { RgbaImage } from './image';
export { encodePng } from './png-writer';

/** Raised for bytes that are neither PNG nor JPEG. */
export class UnsupportedImageError extends Error {
  public readonly name = 'UnsupportedImage';
}

/**
 * Decodes a PNG or JPEG (told apart by their signatures) into RGBA. JPEG goes through libjpeg-turbo compiled to
 * WebAssembly: about a tenth of jpeg-js's time on a 1920x1080 frame (bench/tape-composite.bench.ts).
 */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const { width, height, data } = jpegTurbo.decode(bytes);
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }
  throw new UnsupportedImageError('expected a PNG or JPEG frame');
}
