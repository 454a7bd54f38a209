import { StatesError } from '../states-error';
import { invokeIntrinsic } from './intrinsic-functions';
import { IntrinsicArgument, IntrinsicCall, parseIntrinsic } from './intrinsic-parser';

export interface IntrinsicContext {
  /** Reads a JSONPath argument (`$.a`, `$$.Execution.Id`, `$var.x`); the engine owns path semantics and their errors. */
  readPath(path: string): unknown;
  /** Randomness for States.UUID and unseeded States.MathRandom; pass a seeded generator for reproducible runs. */
  random?(): number;
}

/** True when a `.$` field's value is an intrinsic function call rather than a path. */
export function isIntrinsicFunction(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/** Evaluates a `States.*` intrinsic function; every failure is `States.IntrinsicFailure`. */
export function evaluateIntrinsic(expression: string, context: IntrinsicContext): unknown {
  const random = context.random ? () => context.random!() : Math.random;
  return evaluateCall(parsedIntrinsic(expression), context, random);
}

/** A definition's intrinsics are evaluated on every run: parse each text once (a parse error is thrown every time). */
const parsedCalls = new Map<string, IntrinsicCall>();

function parsedIntrinsic(expression: string): IntrinsicCall {
  let call = parsedCalls.get(expression);
  if (!call) {
    call = parseIntrinsic(expression);
    if (parsedCalls.size > 10_000) parsedCalls.clear();
    parsedCalls.set(expression, call);
  }
  return call;
}

function evaluateCall(call: IntrinsicCall, context: IntrinsicContext, random: () => number): unknown {
  const values = call.args.map((arg) => evaluateArgument(arg, context, random));
  return invokeIntrinsic({ name: call.name, args: call.args, values, random });
}

function evaluateArgument(arg: IntrinsicArgument, context: IntrinsicContext, random: () => number): unknown {
  switch (arg.kind) {
    case 'literal':
      return arg.value;
    case 'call':
      return evaluateCall(arg, context, random);
    case 'path':
      return readPathArgument(arg.path, context);
  }
}

function readPathArgument(path: string, context: IntrinsicContext): unknown {
  try {
    return context.readPath(path);
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw new StatesError('States.Runtime', `The JsonPath argument '${path}' could not be read: ${(error as Error).message}`);
  }
}
