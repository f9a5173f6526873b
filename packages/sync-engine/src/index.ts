// @usesync/sync-engine: the pure key-state diff engine. No I/O, no clock: `now` comes in.
export type { PlanInput } from './input.js';
export { applyPlanToModel } from './model.js';
export { plan } from './plan.js';
export { DEFAULT_POLICY, type PlanPolicy, policyFromConfig } from './policy.js';
