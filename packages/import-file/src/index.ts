// @usesync/import-file: Parser, checker and printer for USE .useimport files (chevrotain).
export {};
