import {
  type Diagnostic,
  hasErrors,
  isValidMailbox,
  normalizeAddress,
  sortDiagnostics,
} from '@usesync/domain';
import { type GroupEntry, parseUseImportBytes } from '@usesync/import-file';
import {
  describeOption,
  displayRuleLine,
  type Evaluation,
  evaluate,
  groupsOfMembers,
  parseRuleFileBytes,
  printRule,
  printRuleSet,
  type Rule,
  type RuleMatch,
  type RuleSet,
} from '@usesync/rule-notation';
import type { Command } from 'commander';
import { formatDiagnostic } from '../format.js';
import { type CliIO, Exit, UsageError } from '../io.js';
import { sourceLines } from '../kinds.js';

/** `usesync rules explain|print`: which rule applies to a mail; the canonical, masked rule set. */
export function registerRules(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('explain and print .ruleimport rule sets');

  rules
    .command('explain')
    .description('which rule applies to a mail and why, which rules also matched and lost, and the actions')
    .requiredOption('--rules <file>', 'the .ruleimport file')
    .requiredOption('--from <address>', 'the sender')
    .requiredOption('--to <address>', 'the recipient')
    .option('--groups <file>', 'a .useimport file whose `group:` lines give the group memberships')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { rules: string; from: string; to: string; groups?: string; json?: boolean }) => {
      const from = mailbox('--from', opts.from);
      const to = mailbox('--to', opts.to);
      const ruleSet = await readRules(io, opts.rules);
      if (ruleSet === undefined) return setExit(Exit.InputErrors);
      const memberships = opts.groups === undefined ? [] : await readGroups(io, opts.groups);
      if (opts.groups === undefined) warnGroupRules(io, opts.rules, ruleSet);
      const result = evaluate(ruleSet, { from, to }, groupsOfMembers(memberships));
      if (opts.json) io.out(`${JSON.stringify(explainJson(result), null, 2)}\n`);
      else io.out(explainText(from, to, result));
      setExit(Exit.Ok);
    });

  rules
    .command('print')
    .description('print the canonical rule set with swm passwords masked (what the report shows)')
    .argument('<file>', 'the .ruleimport file')
    .action(async (file: string) => {
      const ruleSet = await readRules(io, file);
      if (ruleSet === undefined) return setExit(Exit.InputErrors);
      io.out(printRuleSet(ruleSet));
      setExit(Exit.Ok);
    });
}

function mailbox(flag: string, value: string): string {
  const a = normalizeAddress(value);
  if (!isValidMailbox(a)) throw new UsageError(`Cannot explain: ${flag} \`${value}\` is not a valid address`);
  return a;
}

async function read(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (e) {
    throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function report(
  io: CliIO,
  path: string,
  bytes: Uint8Array,
  diagnostics: readonly Diagnostic[],
  display: (l: string) => string,
) {
  const lines = sourceLines(bytes);
  for (const d of sortDiagnostics(diagnostics)) {
    const src = lines[d.line - 1];
    io.err(formatDiagnostic(path, d, src === undefined ? undefined : display(src)));
  }
}

/** The rule set, or undefined (after reporting every diagnostic on stderr) when it has errors. */
async function readRules(io: CliIO, path: string): Promise<RuleSet | undefined> {
  const bytes = await read(io, path);
  const parsed = parseRuleFileBytes(bytes);
  report(io, path, bytes, parsed.diagnostics, displayRuleLine);
  if (hasErrors(parsed.diagnostics)) {
    io.err(`${path}: rejected; fix the errors above first\n`);
    return undefined;
  }
  return parsed.value;
}

/** Group memberships from the `group:` lines that parsed; other errors of the file are only noted. */
async function readGroups(io: CliIO, path: string): Promise<GroupEntry[]> {
  const bytes = await read(io, path);
  const parsed = parseUseImportBytes(bytes);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    io.err(
      `${path}: ${errors} error(s) (run \`usesync validate ${path}\`); using the group lines that parsed\n`,
    );
  }
  return parsed.value.entries.filter((e): e is GroupEntry => e.kind === 'group');
}

/**
 * Without `--groups` nobody is in a group, so a rule naming a group never matches: say so on
 * stderr (once, with the lines) instead of skipping those rules silently.
 */
function warnGroupRules(io: CliIO, path: string, ruleSet: RuleSet): void {
  const lines = ruleSet.rules
    .filter((r) => r.from.kind === 'group' || r.to.kind === 'group')
    .map((r) => r.line);
  if (lines.length === 0) return;
  io.err(
    `${path}: warning: ${lines.length === 1 ? 'the group rule on line' : `${lines.length} group rules on lines`} ${lines.join(', ')} cannot match without --groups (a .useimport whose group: lines give the memberships); they were skipped\n`,
  );
}

function actionsOf(rule: Rule): string[] {
  return rule.options.filter((o) => o.name !== 'comment').map(describeOption);
}

function commentOf(rule: Rule): string | undefined {
  const c = rule.options.find((o) => o.name === 'comment');
  return c?.name === 'comment' ? c.text : undefined;
}

function matchJson(m: RuleMatch) {
  const comment = commentOf(m.rule);
  return {
    line: m.rule.line,
    rule: printRule(m.rule),
    reason: m.reason,
    actions: actionsOf(m.rule),
    ...(comment === undefined ? {} : { comment }),
  };
}

function explainJson(e: Evaluation) {
  return {
    matched: e.matched === null ? null : matchJson(e.matched),
    candidates: e.candidates.map((c) => ({ line: c.rule.line, rule: printRule(c.rule), reason: c.reason })),
  };
}

function explainText(from: string, to: string, e: Evaluation): string {
  const out = [`${from} → ${to}`];
  if (e.matched === null) {
    out.push('no rule applies');
    return `${out.join('\n')}\n`;
  }
  const m = e.matched;
  out.push(`applies: line ${m.rule.line}: ${printRule(m.rule)}`, `  why: ${m.reason}`, '  actions:');
  for (const a of actionsOf(m.rule)) out.push(`    - ${a}`);
  const comment = commentOf(m.rule);
  if (comment !== undefined) out.push(`  comment: ${comment}`);
  if (e.candidates.length > 0) {
    out.push('also matched, and lost:');
    for (const c of e.candidates) out.push(`  line ${c.rule.line}: ${printRule(c.rule)}`, `    ${c.reason}`);
  }
  return `${out.join('\n')}\n`;
}
