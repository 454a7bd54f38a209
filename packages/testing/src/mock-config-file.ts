import { readFileSync } from 'node:fs';
import { MockConfigurationError } from './errors';
import { MockSequence, SimulatorMocks } from './mocks';

/** The AWS Step Functions Local mock-config file (MockConfigFile.json) format. */
export interface MockConfigFile {
  readonly StateMachines: Record<string, { readonly TestCases: Record<string, Record<string, string>> }>;
  readonly MockedResponses: Record<string, Record<string, { Return?: unknown; Throw?: { Error: string; Cause?: string } }>>;
}

/**
 * Mocks for one test case of a Step Functions Local mock-config file: each state of the test case gets the named
 * response sequence (`"0"`, `"1-2"` keys; `Return` or `Throw {Error, Cause}`).
 *
 * @param config the parsed file, or a path to it
 */
export function mocksFromMockConfig(config: MockConfigFile | string, stateMachine: string, testCase: string): SimulatorMocks {
  const file: MockConfigFile = typeof config === 'string' ? JSON.parse(readFileSync(config, 'utf8')) : config;
  const machine = file.StateMachines?.[stateMachine];
  if (!machine) {
    throw new MockConfigurationError(`Mock config has no StateMachines.${stateMachine}; it has [${Object.keys(file.StateMachines ?? {}).join(', ')}]`);
  }
  const mapping = machine.TestCases?.[testCase];
  if (!mapping) {
    throw new MockConfigurationError(
      `Mock config has no StateMachines.${stateMachine}.TestCases.${testCase}; it has [${Object.keys(machine.TestCases ?? {}).join(', ')}]`,
    );
  }
  const states: Record<string, MockSequence> = {};
  for (const [stateName, responseName] of Object.entries(mapping)) {
    const responses = file.MockedResponses?.[responseName];
    if (!responses) {
      throw new MockConfigurationError(`Test case ${testCase} maps '${stateName}' to MockedResponses.${responseName}, which does not exist`);
    }
    states[stateName] = Object.fromEntries(Object.entries(responses).map(([attempts, response]) => {
      if ((response.Return === undefined) === (response.Throw === undefined)) {
        throw new MockConfigurationError(`MockedResponses.${responseName}["${attempts}"] must have exactly one of Return or Throw`);
      }
      return [attempts, response.Throw
        ? { throw: { error: response.Throw.Error, cause: response.Throw.Cause ?? '' } }
        : { return: response.Return }];
    }));
  }
  return { states };
}
