/** The example stacks are synthesized for a fixed sandbox account and region, so ARNs in the pictures read naturally. */
export const EXAMPLE_ENV = { account: '123456789012', region: 'us-east-1' };
