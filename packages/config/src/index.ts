// @usesync/config: Tenant configuration: YAML schema, defaults and validation.
export {};
