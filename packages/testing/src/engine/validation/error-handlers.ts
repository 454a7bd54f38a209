import { DiagnosticSink } from './definition-diagnostic';
import { At, checkAssign, checkEnum, checkJsonataTemplate, checkPath, forEachObjectEntry } from './field-checks';
import { QueryLanguage } from './state-fields';

const RETRIER_FIELDS = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'];
const CATCHER_FIELDS: Record<QueryLanguage, string[]> = {
  JSONPath: ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'],
  JSONata: ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'],
};
// "Retries are performed up to MaxAttempts... a value of 99999999" is the States Language's numeric ceiling.
const MAX_SECONDS = 99999999;

/**
 * "Handling errors in Step Functions workflows": ErrorEquals is a non-empty array of error names; States.ALL must
 * appear alone in its ErrorEquals and in the last retrier or catcher.
 */
function checkErrorEquals(sink: DiagnosticSink, handler: Record<string, unknown>, isLast: boolean, at: At): void {
  const errors = handler.ErrorEquals;
  if (errors === undefined) {
    sink.schema('These fields are required: [ErrorEquals]', at);
    return;
  }
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => typeof e === 'string')) {
    sink.schema("'ErrorEquals' must be a non-empty array of error names", [...at, 'ErrorEquals']);
    return;
  }
  if (errors.includes('States.ALL')) {
    if (errors.length > 1) sink.schema("'States.ALL' must appear alone in 'ErrorEquals'", [...at, 'ErrorEquals']);
    if (!isLast) sink.schema("A retrier or catcher with 'States.ALL' must be the last one", [...at, 'ErrorEquals']);
  }
}

export function checkRetry(sink: DiagnosticSink, retry: unknown, at: At): void {
  forEachObjectEntry(sink, retry, { notAList: "'Retry' must be an array of retriers", notAnObject: 'A retrier must be an object' }, at, (retrier, _i, here, isLast) => {
    for (const key of Object.keys(retrier)) if (!RETRIER_FIELDS.includes(key)) sink.schema(`The field '${key}' is not supported in a retrier`, [...here, key]);
    checkErrorEquals(sink, retrier, isLast, here);
    const int = (field: string, min: number) => {
      const value = retrier[field];
      if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_SECONDS)) {
        sink.schema(`'${field}' must be an integer between ${min} and ${MAX_SECONDS}`, [...here, field]);
      }
    };
    int('IntervalSeconds', 1);
    int('MaxAttempts', 0);
    int('MaxDelaySeconds', 1);
    const rate = retrier.BackoffRate;
    if (rate !== undefined && (typeof rate !== 'number' || rate < 1)) sink.schema("'BackoffRate' must be a number >= 1.0", [...here, 'BackoffRate']);
    if (retrier.JitterStrategy !== undefined) checkEnum(sink, retrier.JitterStrategy, ['FULL', 'NONE'], [...here, 'JitterStrategy']);
  });
}

/** Returns the catchers' Next targets for the transition checks. */
export function checkCatch(sink: DiagnosticSink, catchers: unknown, language: QueryLanguage, at: At): void {
  forEachObjectEntry(sink, catchers, { notAList: "'Catch' must be an array of catchers", notAnObject: 'A catcher must be an object' }, at, (catcher, _i, here, isLast) => {
    for (const key of Object.keys(catcher)) {
      if (!CATCHER_FIELDS[language].includes(key)) {
        const other = CATCHER_FIELDS[language === 'JSONata' ? 'JSONPath' : 'JSONata'].includes(key);
        sink.schema(other ? `The field '${key}' is not supported in a ${language} catcher` : `The field '${key}' is not supported in a catcher`, [...here, key]);
      }
    }
    checkErrorEquals(sink, catcher, isLast, here);
    if (catcher.Next === undefined) sink.schema('These fields are required: [Next]', here);
    else if (typeof catcher.Next !== 'string') sink.schema("'Next' must be a state name", [...here, 'Next']);
    if (language === 'JSONPath' && catcher.ResultPath !== undefined && catcher.ResultPath !== null) {
      checkPath(sink, catcher.ResultPath, { reference: true, otherRoots: false }, [...here, 'ResultPath']);
    }
    if (language === 'JSONata' && catcher.Output !== undefined) checkJsonataTemplate(sink, catcher.Output, [...here, 'Output']);
    if (catcher.Assign !== undefined) checkAssign(sink, catcher.Assign, language, [...here, 'Assign']);
  });
}
