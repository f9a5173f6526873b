// @usesync/cli: The usesync command-line tool.
export {};
