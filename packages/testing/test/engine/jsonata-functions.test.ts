import jsonata from 'jsonata';
import { REMOVED_JSONATA_FUNCTIONS, registerStepFunctionsFunctions } from '../../src/engine/jsonata-functions';

async function run(expression: string, context: Parameters<typeof registerStepFunctionsFunctions>[1]): Promise<unknown> {
  const compiled = jsonata(expression);
  registerStepFunctionsFunctions(compiled, context);
  return compiled.evaluate({});
}

describe('registerStepFunctionsFunctions', () => {
  test('$uuid and $random() follow the context generator, so a seeded run is reproducible', async () => {
    const first = await run('[$uuid(), $random()]', { partition: 'aws', seed: 'execution-1' });
    const second = await run('[$uuid(), $random()]', { partition: 'aws', seed: 'execution-1' });
    const other = await run('[$uuid(), $random()]', { partition: 'aws', seed: 'execution-2' });
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  test('an explicit random() takes precedence over the seed', async () => {
    expect(await run('$random()', { partition: 'aws', seed: 's', random: () => 0.25 })).toBe(0.25);
  });

  test('$random(seed) does not depend on the context', async () => {
    const a = await run('$random(7)', { partition: 'aws', random: () => 0.1 });
    const b = await run('$random(7)', { partition: 'aws', random: () => 0.9 });
    expect(a).toBe(b);
  });

  test('the removed functions are listed with their $', () => {
    expect(REMOVED_JSONATA_FUNCTIONS).toEqual(['$eval']);
  });

  test('$eval names $parse as the replacement', async () => {
    await expect(run("$eval('1')", { partition: 'aws' })).rejects.toMatchObject({ error: 'States.QueryEvaluationError', cause: expect.stringContaining('$parse') });
  });
});
