import { IConstruct } from 'constructs';

/**
 * Collects synth-time problems with a construct's props and throws them all at once.
 *
 * Users fix every problem in one pass instead of one per synth. Each message names the construct
 * path, the prop, what is wrong and what would be valid.
 *
 * @example
 * const errors = new ValidationErrors(this);
 * if (props.maxConcurrency < 0) errors.add('maxConcurrency', 'must be 0 (unlimited) or more');
 * errors.throwIfAny();
 */
export class ValidationErrors {
  private readonly problems: string[] = [];

  /** @param scope the construct whose props are being validated (its path is in every message) */
  constructor(private readonly scope: IConstruct) {}

  /**
   * Records a problem.
   *
   * @param prop the prop (or `prop.nested`) that is wrong
   * @param problem what is wrong and what would be valid
   */
  public add(prop: string, problem: string): void {
    this.problems.push(`${prop}: ${problem}`);
  }

  /** Records `problem` when `condition` is true. */
  public addIf(condition: boolean, prop: string, problem: string): void {
    if (condition) {
      this.add(prop, problem);
    }
  }

  /** The number of problems recorded so far. */
  public get count(): number {
    return this.problems.length;
  }

  /** The problems recorded so far, each as `prop: problem`. */
  public get messages(): string[] {
    return [...this.problems];
  }

  /** Throws one error listing every recorded problem, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 0) {
      return;
    }
    const heading = `Invalid props for ${this.scope.node.path} (${this.problems.length} problem${this.problems.length === 1 ? '' : 's'})`;
    const error = new Error([heading, ...this.problems.map((p) => `  - ${p}`)].join('\n'));
    error.name = 'ValidationError';
    throw error;
  }
}
