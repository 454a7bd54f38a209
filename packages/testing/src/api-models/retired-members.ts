/**
 * Members AWS has retired from its APIs: a response no longer carries them, so a mock that returns one (or a
 * definition that reads one) tests a workflow that would not work. The SDK models keep such members until the next
 * model update, so this short list, each entry with its source, is what marks them.
 */
export interface RetiredMember {
  /** The service id as in `aws-sdk:<service>` and `@aws-sdk/client-<service>`. */
  readonly service: string;
  /** The structure that declares the member, as the API model names it. */
  readonly shape: string;
  readonly member: string;
  /** ISO date from which AWS no longer returns it. */
  readonly retiredOn: string;
  /** What to read instead. */
  readonly replacement?: string;
  /** Where AWS announces the retirement. */
  readonly source: string;
}

export const RETIRED_MEMBERS: readonly RetiredMember[] = [
  {
    service: 'organizations',
    shape: 'Account',
    member: 'Status',
    retiredOn: '2026-09-09',
    replacement: 'State (PENDING_ACTIVATION | ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED)',
    source: 'AWS Organizations API Reference, data type Account, member Status ("will be retired on September 9, 2026", '
      + 'in DescribeAccount, ListAccounts and ListAccountsForParent); the same notice is in the doc comment of '
      + '@aws-sdk/client-organizations dist-types/models/models_0.d.ts',
  },
];

/** The retirement of `shape.member` of `service` in force at `now`, if any. */
export function retiredMember(service: string, shape: string, member: string, now = new Date()): RetiredMember | undefined {
  return RETIRED_MEMBERS.find((retired) => retired.service === service && retired.shape === shape && retired.member === member
    && Date.parse(retired.retiredOn) <= now.getTime());
}
