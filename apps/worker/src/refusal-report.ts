// The refusal report lives in @usesync/intake; re-exported for the worker's public API.
export { type Refusal, renderRefusalReport } from '@usesync/intake';
