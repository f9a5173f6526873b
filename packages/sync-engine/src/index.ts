// @usesync/sync-engine: The pure key-state diff engine: target state + live state + tenant config -> plan.
export {};
