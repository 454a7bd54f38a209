import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { startsInJsonata } from './private/query-language';
import { ValidationErrors } from './validation-errors';

/** One named job of a {@link JobGraph}. */
export interface Job {
  /** Unique name of the job; also the name of its branch in the stage that runs it. */
  readonly name: string;
  /** The work: a task or any chain of states. */
  readonly work: sfn.IChainable;
  /**
   * Jobs that must finish before this one starts.
   * @default - none: the job runs in the first stage
   */
  readonly dependsOn?: string[];
}

/** State names are limited to 80 characters. */
const MAX_STATE_NAME = 80;

/**
 * Named jobs with dependencies (a DAG, as in Control-M or Airflow), compiled into the fewest sequential
 * stages: stage N holds every job whose longest chain of dependencies has length N, and runs them as the
 * branches of one Parallel state.
 *
 * Data flow: every job receives the workflow's input unchanged and its output is discarded (as the batch
 * jobs it replaces, jobs hand data on through the stores they write). A job that fails fails its stage
 * and so the workflow, with the job's own error name.
 */
export class JobGraph {
  constructor(
    /** The jobs, in any order. */
    public readonly jobs: Job[],
  ) {}

  /** Records the graph's problems under `propPrefix` (for example `jobGraph`). */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    for (const problem of this.problems()) errors.add(propPrefix, problem);
  }

  /** Problems with the graph: duplicate or bad names, unknown dependencies, cycles (naming the jobs in each). */
  public problems(): string[] {
    const problems: string[] = [];
    const names = new Set<string>();
    if (this.jobs.length === 0) {
      problems.push('a job graph needs at least one job');
    }
    for (const job of this.jobs) {
      if (names.has(job.name)) problems.push(`job '${job.name}' is declared twice; job names must be unique`);
      names.add(job.name);
      if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(job.name)) {
        problems.push(`job '${job.name}': name must be 1-64 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit`);
      }
    }
    for (const job of this.jobs) {
      for (const dependency of job.dependsOn ?? []) {
        if (!names.has(dependency)) {
          problems.push(`job '${job.name}' depends on unknown job '${dependency}' (known jobs: ${[...names].join(', ')})`);
        } else if (dependency === job.name) {
          problems.push(`job '${job.name}' depends on itself`);
        }
      }
    }
    if (problems.length === 0) {
      for (const cycle of this.findCycles()) {
        problems.push(`jobs form a cycle: ${cycle.join(' -> ')}`);
      }
    }
    return problems;
  }

  /** The stages, in order: the names of the jobs each runs in parallel. Throws if the graph has problems. */
  public stages(): string[][] {
    const problems = this.problems();
    if (problems.length > 0) {
      throw new Error(`Invalid job graph:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    const level = new Map<string, number>();
    const byName = new Map(this.jobs.map((job) => [job.name, job]));
    const levelOf = (name: string): number => {
      const known = level.get(name);
      if (known !== undefined) return known;
      const deps = byName.get(name)!.dependsOn ?? [];
      const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
      level.set(name, value);
      return value;
    };
    const stages: string[][] = [];
    for (const job of this.jobs) {
      const index = levelOf(job.name);
      (stages[index] = stages[index] ?? []).push(job.name);
    }
    return stages;
  }

  /** Each cycle once, as job names from a job back to itself. */
  private findCycles(): string[][] {
    const byName = new Map(this.jobs.map((job) => [job.name, job]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[][] = [];
    const stack: string[] = [];
    const visit = (name: string) => {
      state.set(name, 'visiting');
      stack.push(name);
      for (const dependency of byName.get(name)?.dependsOn ?? []) {
        if (state.get(dependency) === 'visiting') {
          cycles.push([...stack.slice(stack.indexOf(dependency)), dependency]);
        } else if (!state.has(dependency) && byName.has(dependency)) {
          visit(dependency);
        }
      }
      stack.pop();
      state.set(name, 'done');
    };
    for (const job of this.jobs) {
      if (!state.has(job.name)) visit(job.name);
    }
    // A cycle was found walking dependencies backwards; show it in execution order.
    return cycles.map((cycle) => [...cycle].reverse());
  }
}

/** Props for {@link JobGraphStages}. */
export interface JobGraphStagesProps {
  /** The graph to run. */
  readonly graph: JobGraph;
}

/**
 * A {@link JobGraph} as a fragment: one Parallel state per stage (`Stage 1 (a, b)`), in order, each passing its own
 * input on so every job sees the workflow input. When every job starts with a JSONata state the stages are JSONata
 * (`Output: {% $states.input %}`) and the fragment fits a JSONata state machine; otherwise they are JSONPath
 * (`ResultPath: null`), so a stage never wraps jobs of the other language.
 */
export class JobGraphStages extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The stages, in order: the names of the jobs each runs in parallel. */
  public readonly stages: string[][];

  constructor(scope: Construct, id: string, props: JobGraphStagesProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    props.graph.validate(errors, 'graph');
    errors.throwIfAny();
    this.stages = props.graph.stages();
    const byName = new Map(props.graph.jobs.map((job) => [job.name, job]));
    const jsonata = props.graph.jobs.every((job) => startsInJsonata(job.work));
    const states = this.stages.map((names, index) => {
      const comment = `Jobs: ${names.join(', ')}`;
      // Every job sees the workflow input; outputs are discarded (see JobGraph).
      const stage = jsonata
        ? sfn.Parallel.jsonata(this, stageName(index, names), { outputs: '{% $states.input %}', comment })
        : new sfn.Parallel(this, stageName(index, names), { resultPath: sfn.JsonPath.DISCARD, comment });
      names.forEach((name) => stage.branch(byName.get(name)!.work));
      return stage;
    });
    states.slice(1).forEach((stage, index) => states[index].next(stage));
    this.startState = states[0];
    this.endStates = [states[states.length - 1]];
  }
}

function stageName(index: number, names: string[]): string {
  const full = `Stage ${index + 1} (${names.join(', ')})`;
  return full.length <= MAX_STATE_NAME ? full : `${full.slice(0, MAX_STATE_NAME - 4)}...)`;
}
