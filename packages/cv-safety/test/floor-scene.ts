import { RgbaImage, cloneImage, fillRect, solidImage } from '../lambda/tape-composite/image';

/** Test helpers: a warehouse floor with tape lines, and frames of it with "people" standing on it. */
export const FLOOR_RGB: readonly [number, number, number] = [92, 96, 90];
export const TAPE_RGB: readonly [number, number, number] = [235, 200, 20];
export const PERSON_RGB: readonly [number, number, number] = [30, 60, 160];

export interface Box { readonly left: number; readonly top: number; readonly width: number; readonly height: number }

/** A clean floor with two horizontal and one vertical tape line. */
export function cleanFloor(width: number, height: number): RgbaImage {
  const floor = solidImage(width, height, FLOOR_RGB);
  const tape = Math.max(2, Math.round(height / 40));
  fillRect(floor, 0, Math.round(height * 0.3), width, tape, TAPE_RGB);
  fillRect(floor, 0, Math.round(height * 0.7), width, tape, TAPE_RGB);
  fillRect(floor, Math.round(width * 0.5), 0, tape, height, TAPE_RGB);
  return floor;
}

/** The floor with people (pixel boxes) on it, and the detections a model would return for them. */
export function frameWithPeople(floor: RgbaImage, people: readonly Box[]): { image: RgbaImage; prediction: { detections: object[] } } {
  const image = cloneImage(floor);
  for (const p of people) {
    fillRect(image, p.left, p.top, p.width, p.height, PERSON_RGB);
  }
  return {
    image,
    prediction: {
      detections: people.map((p) => ({
        left: p.left / floor.width,
        top: p.top / floor.height,
        width: p.width / floor.width,
        height: p.height / floor.height,
        score: 0.9,
        label: 'person',
      })),
    },
  };
}

/** Five frames of people walking left to right across the floor, each 1/5 of the width further on. */
export function walkingPeopleFrames(floor: RgbaImage, frameCount = 5): Array<{ image: RgbaImage; prediction: { detections: object[] } }> {
  const w = floor.width;
  const h = floor.height;
  return Array.from({ length: frameCount }, (_, f) => frameWithPeople(floor, [
    { left: Math.round((f * w) / frameCount), top: Math.round(h * 0.2), width: Math.round(w / 10), height: Math.round(h * 0.3) },
    { left: Math.round(w - ((f + 1) * w) / frameCount), top: Math.round(h * 0.55), width: Math.round(w / 12), height: Math.round(h * 0.3) },
  ]));
}

/** Counts pixels (RGB) that differ between two images of the same size, over the pixels `where` accepts. */
export function differingPixels(a: RgbaImage, b: RgbaImage, where: (x: number, y: number) => boolean = () => true): number {
  let count = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (where(x, y) && (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2])) {
        count++;
      }
    }
  }
  return count;
}
