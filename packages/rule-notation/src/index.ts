// @usesync/rule-notation: Parser, linter, evaluator, printer and diff for USE .ruleimport rule files (chevrotain).
export {};
