/** Collects the problems of one construct's props so they can all be reported at once. */
export class ProblemList {
  private readonly problems: string[] = [];

  /** Records `message` for `prop` when `condition` is false. */
  public check(condition: boolean, prop: string, message: string): void {
    if (!condition) {
      this.problems.push(`${prop}: ${message}`);
    }
  }

  public addAll(other: string[]): void {
    this.problems.push(...other);
  }

  public get all(): string[] {
    return [...this.problems];
  }
}

