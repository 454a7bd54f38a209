export * from './cv-safety-errors';
export * from './labeling-item-source';
export * from './labeling-backend';
export * from './ground-truth-backend';
export * from './callback-backend';
export * from './tape-composite-function';
export * from './labeling-job-workflow';
