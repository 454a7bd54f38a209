export { evaluateIntrinsic, isIntrinsicFunction, IntrinsicContext } from './evaluate-intrinsic';
export { INTRINSIC_FUNCTION_NAMES } from './intrinsic-functions';
export { parseIntrinsic, IntrinsicCall, IntrinsicArgument, MAX_INTRINSIC_FUNCTIONS_PER_FIELD } from './intrinsic-parser';
