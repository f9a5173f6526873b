import type { Secret } from '@usesync/domain';
import { printEntry } from '@usesync/import-file';
import type { PlanInput } from '../input.js';
import type { PlanBuilder } from './builder.js';

/** Plans passphrase lines (the passphrase list) and reports option lines. */
export function planPassphrasesAndOptions(input: PlanInput, b: PlanBuilder): void {
  const seen: { line: number; passphrase: Secret }[] = [];
  const file = input.useImport;
  for (const e of file?.entries ?? []) {
    if (e.kind === 'passphrase') {
      const text = printEntry(e);
      const twin = seen.find((s) => s.passphrase.equals(e.passphrase));
      if (twin) {
        b.verdict('useimport', e.line, '(%)', 'passphrase', text, `same passphrase as line ${twin.line}`);
        continue;
      }
      seen.push({ line: e.line, passphrase: e.passphrase });
      if (input.isKnownPassphrase?.(e.passphrase)) {
        b.verdict('useimport', e.line, '(%)', 'passphrase', text, 'already on the passphrase list');
        continue;
      }
      const action = b.add('passphrases', {
        kind: 'passphrase-add',
        id: `passphrase-add:${e.line}`,
        line: e.line,
        passphrase: e.passphrase,
        reason: 'new passphrase for key imports',
      });
      b.verdict('useimport', e.line, '(+)', 'passphrase', text, 'add to the passphrase list', [action]);
    } else if (e.kind === 'option') {
      const effective = file?.options[e.option];
      const why =
        effective && effective.line !== e.line
          ? `overridden by line ${effective.line}`
          : `option ${e.option} set`;
      b.verdict('useimport', e.line, '(%)', 'option', printEntry(e), why);
    }
  }
}
