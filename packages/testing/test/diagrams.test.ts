import { WorkflowDefinition, WorkflowSimulator, toDot, toMermaid } from '../src';
import { MAX_EDGE_LABEL_LENGTH, describeRule, describeRuleWithin, summarizeErrors } from '../src/diagram-model';
import { expectFragments } from './fixtures/text-fragments';
import { ACCOUNT_WORKFLOW } from './fixtures/workflows';

const definition = WorkflowDefinition.fromAsl(ACCOUNT_WORKFLOW, { name: 'account-workflow' });
const nested = WorkflowDefinition.fromAsl({
  StartAt: 'Fan Out',
  States: {
    'Fan Out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left "quoted"', States: { 'Left "quoted"': { Type: 'Pass', End: true } } },
        { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } }, End: true } } },
      ],
      End: true,
    },
  },
}, { name: 'nested' });

async function failedRun() {
  const sim = new WorkflowSimulator(definition, {
    writeCoverageReport: false,
    mocks: { states: { 'Create Account': { throw: { error: 'Organizations.AccessDeniedException' } } } },
  });
  return sim.run({ tenantId: 't-1' });
}

describe('toMermaid', () => {
  test('draws every state with its shape, Choice rules and Default on edges, Catch dashed, Retry as a labelled self-loop', () => {
    const text = toMermaid(definition);

    expect(text).toMatch(/^flowchart TD\n {2}start\(\(start\)\)\n/);
    expectFragments(text, [
      's0{"Validate Input"}',
      's2["Create Account"]',
      's3{{"Wait For Account"}}',
      's1(["Invalid Input"])',
      's0 -->|"$.tenantId is present"| s2',
      's0 -->|"Default"| s1',
      's5 -->|"$.status.CreateAccountStatus.State ==<br>#quot;SUCCEEDED#quot;"| s7',
      's2 -.->|"Catch: States.ALL"| s6',
      's2 -->|"Retry:<br>Organizations.TooManyRequestsException<br>(x3, 2s backoff 2)"| s2',
    ]);
    expect(text).not.toContain('class ');
  });

  test('highlights the visited path in green and the failure in red', async () => {
    const text = toMermaid(definition, { highlight: await failedRun() });

    expect(text).toContain('class s0,s2 visited');
    expect(text).toContain('class s6 failed');
    // links: 0 start, then edges in listEdges order; 'Validate Input' rule 0 is link 1, Create Account's Catch is link 4
    expectFragments(text, [
      'linkStyle 0 stroke:#2e7d32',
      'linkStyle 1 stroke:#2e7d32',
      'linkStyle 4 stroke:#2e7d32',
    ]);
    expect(text).not.toContain('linkStyle 2 ');
  });

  test('puts Parallel branches and Map processors in subgraphs and escapes quotes', () => {
    const text = toMermaid(nested);

    expectFragments(text, [
      's0[["Fan Out (Parallel)"]]',
      'subgraph s0_b0_0["Fan Out: branch 1"]',
      's1("Left #quot;quoted#quot;")',
      'subgraph s2_b0_0["Each: each item"]',
      's0 -.-o s1',
      's2 -.-o s3',
    ]);
  });
});

describe('toDot', () => {
  test('draws clusters for branches, dashed Catch edges, dotted Retry loops and rule labels', () => {
    const text = toDot(nested);

    expect(text).toMatch(/^digraph "nested" \{/);
    expectFragments(text, [
      'subgraph cluster_s0_0 {',
      'label="Fan Out: branch 1"; style="rounded,dashed"',
      's1 [label="Left \\"quoted\\"", shape=box, style="rounded,dashed"];',
      's2 [label="Each\\n(Map)", shape=box3d];',
    ]);
    expect(text.trim().endsWith('}')).toBe(true);

    const account = toDot(definition);
    expectFragments(account, [
      's2 -> s6 [label="Catch: States.ALL", style=dashed];',
      's2 -> s2 [label="Retry:\\nOrganizations.TooManyRequestsException\\n(x3, 2s backoff 2)", style=dotted];',
      's0 -> s1 [label="Default"];',
    ]);
  });

  test('highlights visited states, taken edges and the failure', async () => {
    const text = toDot(definition, { highlight: await failedRun() });

    expectFragments(text, [
      's2 [label="Create Account", shape=box, style=filled, fillcolor="#c8e6c9", color="#2e7d32"];',
      's6 [label="Account Failed", shape=octagon, style=filled, fillcolor="#ffcdd2", color="#c62828"];',
      's2 -> s6 [label="Catch: States.ALL", style=dashed, color="#2e7d32", penwidth=2.5];',
      's2 -> s3 [label=""];',
    ]);
  });
});

describe('describeRule', () => {
  test('reads compound rules', () => {
    expect(describeRule({ And: [{ Variable: '$.a', NumericGreaterThanEquals: 2 }, { Not: { Variable: '$.b', StringEqualsPath: '$.c' } }] }))
      .toBe('$.a >= 2 and not ($.b == $.c)');
    expect(describeRule({ Or: [{ Variable: '$.x', IsNull: false }, { Variable: '$.y', StringMatches: 'log-*' }] }))
      .toBe('$.x is not null or $.y matches "log-*"');
  });

  test('labels a JSONata rule with its Comment, else with its expression without the {% %} delimiters', () => {
    expect(describeRule({ Condition: "{% $states.input.status = 'SUCCEEDED' %}" })).toBe("$states.input.status = 'SUCCEEDED'");
    expect(describeRule({ Condition: '{% $count($states.input.items) > 0 %}', Comment: 'Anything to label' })).toBe('Anything to label');
  });
});

/** RetryPolicy presets list up to hundreds of error names; one unabbreviated label made a 120,000 pt wide SVG. */
describe('long labels', () => {
  const manyErrors = ['ThrottlingException', 'Lambda.TooManyRequestsException', ...Array.from({ length: 148 }, (_, i) => `Service${i}.LimitExceededException`)];
  const longName = 'Wait For The Account Vending Machine To Finish Provisioning The Tenant';
  const noisy = WorkflowDefinition.fromAsl({
    StartAt: longName,
    States: {
      [longName]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: manyErrors, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: manyErrors, Next: 'Route' }],
        Next: 'Route',
      },
      Route: {
        Type: 'Choice',
        Choices: [{
          And: Array.from({ length: 12 }, (_, i) => ({ Variable: `$.detail.accountVending.step${i}.status`, StringEquals: 'SUCCEEDED' })),
          Next: 'Done',
        }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  }, { name: 'long-labels' });

  test('a Retry with 150 errors is abbreviated with the count of the rest and its policy', () => {
    const text = toMermaid(noisy);

    expect(text).toContain('s0 -->|"Retry: ThrottlingException +149 more<br>(x6, 2s backoff 2)"| s0');
    expect(text).toContain('s0 -.->|"Catch: ThrottlingException,<br>Lambda.TooManyRequestsException +148<br>more"| s1');
  });

  test('every edge label is under the limit and wrapped into short lines in both formats; state names are wrapped, never cut', () => {
    const mermaid = toMermaid(noisy);
    const dot = toDot(noisy);
    const mermaidLabels = [...mermaid.matchAll(/\|"(.*?)"\|/g)].map((m) => m[1].split('<br>'));
    const dotEdgeLabels = [...dot.matchAll(/ -> \S+ \[label="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].split('\\n'));

    expect(mermaidLabels).toHaveLength(4); // the Next edge has no label
    expect(dotEdgeLabels).toHaveLength(5);
    for (const lines of [...mermaidLabels, ...dotEdgeLabels]) {
      expect(lines.join(' ').replace(/#quot;/g, '"').replace(/\\"/g, '"').length).toBeLessThanOrEqual(MAX_EDGE_LABEL_LENGTH);
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(45);
    }
    expect(dot).toContain('label="Wait For The Account Vending\\nMachine To Finish Provisioning\\nThe Tenant"');
    expect(mermaid).toContain('s0["Wait For The Account Vending<br>Machine To Finish Provisioning<br>The Tenant"]');
    expect(dot).not.toContain('Service20.');
  });

  test('a Choice rule of 12 conditions keeps the first that fit and counts the rest', () => {
    const dot = toDot(noisy);

    expect(dot).toContain('s1 -> s2 [label="$.detail.accountVending.step0.status ==\\n\\"SUCCEEDED\\" and 11 more conditions"];');
    expect(describeRuleWithin({ Variable: `$.${'x'.repeat(100)}`, IsPresent: true }, 40)).toBe(`$.${'x'.repeat(37)}…`);
  });

  test('summarizeErrors keeps short lists whole and always shows the first name', () => {
    expect(summarizeErrors(['States.ALL'], 20)).toBe('States.ALL');
    expect(summarizeErrors(['A.B', 'C.D'], 20)).toBe('A.B, C.D');
    expect(summarizeErrors(['A'.repeat(50), 'B'], 20)).toBe(`${'A'.repeat(11)}… +1 more`);
  });
});
