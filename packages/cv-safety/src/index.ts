// Public API only: what is not exported lives in private/.
export * from './errors';
export * from './events';
export * from './labeling-item-source';
export * from './labeling-backend';
export * from './ground-truth-backend';
export * from './callback-backend';
export * from './tape-composite-function';
export * from './labeling-job-workflow';
export * from './frame-predictor';
export * from './camera-fan-out';
export * from './camera-registry';
export * from './tape-labeling-preparation';
