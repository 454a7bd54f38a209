// jpeg-js only encodes here: the tests and the benchmark make camera-like JPEG frames with it. The Lambda decodes
// with libjpeg-turbo, so a frame from one codec read by the other is what the tests prove.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as jpeg from 'jpeg-js';
import { RgbaImage } from '../lambda/tape-composite/image';

/** Encodes JPEG at the given quality (1..100). */
export function encodeJpeg(image: RgbaImage, quality = 90): Buffer {
  return jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality).data;
}
