import type { SimulatorMocks } from '@statecraft/testing';
import type { Stack } from 'aws-cdk-lib';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';

/** How a scenario is expected to end; the demo fails when a run ends differently. */
export interface ExpectedOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** The named error of a failed run. */
  readonly error?: string;
}

/** One local run of a workflow: its input, the mocked AWS responses (with realistic durations) and what must happen. */
export interface DemoScenario {
  readonly name: string;
  /** One line for the table: what this run shows. */
  readonly description: string;
  readonly input: unknown;
  readonly mocks: SimulatorMocks;
  /** Items for Distributed Maps that read from S3, keyed by the Map state's name. */
  readonly itemReaderItems?: Record<string, unknown[]>;
  readonly executionName?: string;
  readonly expected: ExpectedOutcome;
}

/** A state machine of the example app whose Mermaid diagram goes into a README. */
export interface ReadmeDiagram {
  /** Short kebab-case name, also the README marker: `<!-- generated:diagram:<name> start/end -->`. */
  readonly name: string;
  readonly stack: Stack;
  readonly stateMachine: StateMachine;
  /** The README, as a path from the repository root. */
  readonly readme: string;
}

/** A state machine of the example app, where its picture goes, and the scenarios the demo runs on it. */
export interface DemoWorkflow {
  /** Short kebab-case name used in file names and the table. */
  readonly name: string;
  /** The npm package that provides the construct. */
  readonly packageName: string;
  readonly stack: Stack;
  readonly stateMachine: StateMachine;
  readonly scenarios: DemoScenario[];
  /**
   * The package README (path from the repository root) whose `<!-- generated:diagram:<name> -->` markers receive
   * this workflow's Mermaid diagram.
   */
  readonly readme?: string;
}
