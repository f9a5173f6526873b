// The plan policy is a domain type (what the engine needs of a configuration); the configuration
// maps to it in @usesync/config (`policyFromConfig`). Re-exported here for the engine's users.
export { DEFAULT_POLICY, type PlanPolicy, REVOCATION_WINDOW_HOURS } from '@usesync/domain';
