export * from './statecraft-errors';
export * from './validation-errors';
export * from './retry-policy';
export * from './input-validation';
export * from './failure-handler';
export * from './failure-notifications';
export * from './job-graph';
export * from './process-orchestrator';
