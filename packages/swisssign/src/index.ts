// @usesync/swisssign: SwissSign RA REST API v2 client and a local simulator of the same API.
export {};
