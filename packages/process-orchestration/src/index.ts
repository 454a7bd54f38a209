/** Placeholder so the toolchain can be exercised before the constructs land. */
export class Placeholder {
  public hello(): string {
    return 'hello';
  }
}
