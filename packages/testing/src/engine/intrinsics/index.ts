export { evaluateIntrinsic, isIntrinsicFunction } from './evaluate-intrinsic';
export type { IntrinsicContext } from './evaluate-intrinsic';
export { INTRINSIC_FUNCTION_NAMES } from './intrinsic-functions';
export { parseIntrinsic, MAX_INTRINSIC_FUNCTIONS_PER_FIELD } from './intrinsic-parser';
export type { IntrinsicCall, IntrinsicArgument } from './intrinsic-parser';
