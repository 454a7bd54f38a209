import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDefinition } from '../../src/engine/validation';
import { ACCOUNT_WORKFLOW } from '../fixtures/workflows';

describe('validateDefinition', () => {
  test('the account fixture workflow has no errors', () => {
    expect(validateDefinition(ACCOUNT_WORKFLOW).filter((d) => d.severity === 'ERROR')).toEqual([]);
  });

  test('reports every problem at once, each with its own location', () => {
    const diagnostics = validateDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'Missing', Foo: 1 },
        B: { Type: 'Wait', End: true },
      },
    });
    expect(diagnostics.map((d) => `${d.code} ${d.location}`).sort()).toEqual([
      'MISSING_TRANSITION_TARGET /States/A/Next',
      'SCHEMA_VALIDATION_FAILED /States/A/Foo',
      'SCHEMA_VALIDATION_FAILED /States/B',
      'UNREACHABLE_STATE /States/B',
    ].sort());
  });

  test('the message names the state and field for the user', () => {
    const [diagnostic] = validateDefinition({ StartAt: 'Create Account', States: { 'Create Account': { Type: 'Pass', Next: 'Gone' } } })
      .filter((d) => d.code === 'MISSING_TRANSITION_TARGET');
    expect(diagnostic).toEqual({
      severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: Gone", location: '/States/Create Account/Next',
    });
  });

  test('the integ snapshots of every package synthesize definitions the validator accepts', () => {
    const root = join(__dirname, '..', '..', '..');
    const definitions: Array<[string, unknown]> = [];
    for (const pkg of readdirSync(root)) {
      const testDir = join(root, pkg, 'test');
      let entries: string[] = [];
      try {
        entries = readdirSync(testDir, { recursive: true }) as string[];
      } catch {
        continue;
      }
      for (const entry of entries.filter((e) => e.endsWith('.template.json'))) {
        const template = JSON.parse(readFileSync(join(testDir, entry), 'utf8'));
        for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
          const text = resource.Type === 'AWS::StepFunctions::StateMachine' ? resource.Properties?.DefinitionString : undefined;
          if (typeof text === 'string') {
            definitions.push([`${pkg}/${entry}#${id}`, JSON.parse(text)]);
          } else if (text?.['Fn::Join']) {
            const joined = text['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'arn:aws:lambda:us-east-1:123456789012:function:f')).join('');
            definitions.push([`${pkg}/${entry}#${id}`, JSON.parse(joined)]);
          }
        }
      }
    }
    expect(definitions.length).toBeGreaterThan(5);
    const errors = definitions.flatMap(([name, asl]) => validateDefinition(asl)
      .filter((d) => d.severity === 'ERROR')
      .map((d) => `${name}: ${d.code} ${d.location} ${d.message}`));
    expect(errors).toEqual([]);
  });
});
