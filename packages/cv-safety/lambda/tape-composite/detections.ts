/**
 * One object found in a frame, in fractions of the frame size (0..1), so predictions from models that
 * resized the frame still line up with it.
 */
export interface Detection {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
  readonly label?: string;
}

/** Raised when a prediction payload has neither supported shape. */
export class InvalidPredictionsError extends Error {
  public readonly name = 'InvalidPredictions';
}

/**
 * Accepts the two prediction shapes the workflow documents and returns detections in fractions:
 * - `{ detections: [{ left, top, width, height, score, label? }] }` (a user Lambda function);
 * - `{ prediction: [[classId, score, xmin, ymin, xmax, ymax]] }` (the SageMaker built-in object detection
 *   algorithm's JSON response, coordinates already normalized).
 * A JSON string (the body of an InvokeEndpoint response) is parsed first.
 */
export function normalizeDetections(payload: unknown, frameIndex: number): Detection[] {
  const value = typeof payload === 'string' ? parseJson(payload, frameIndex) : payload;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.detections)) {
      return record.detections.map((d, i) => checkDetection(d as Detection, frameIndex, i));
    }
    if (Array.isArray(record.prediction)) {
      return record.prediction.map((row, i) => {
        if (!Array.isArray(row) || row.length < 6 || row.some((n) => typeof n !== 'number')) {
          throw new InvalidPredictionsError(`frame ${frameIndex}: prediction[${i}] is not [classId, score, xmin, ymin, xmax, ymax]`);
        }
        const [classId, score, xmin, ymin, xmax, ymax] = row as number[];
        return checkDetection({ left: xmin, top: ymin, width: xmax - xmin, height: ymax - ymin, score, label: String(classId) }, frameIndex, i);
      });
    }
  }
  throw new InvalidPredictionsError(`frame ${frameIndex}: expected { detections: [...] } or { prediction: [[...]] }`);
}

function parseJson(text: string, frameIndex: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidPredictionsError(`frame ${frameIndex}: the prediction body is not JSON`);
  }
}

function checkDetection(d: Detection, frameIndex: number, index: number): Detection {
  const fields: Array<keyof Detection> = ['left', 'top', 'width', 'height', 'score'];
  for (const field of fields) {
    if (typeof d?.[field] !== 'number' || !Number.isFinite(d[field] as number)) {
      throw new InvalidPredictionsError(`frame ${frameIndex}: detections[${index}].${field} must be a number`);
    }
  }
  return d;
}
