import type { KeyImportAction, KeyImportResult, Secret } from '@usesync/domain';
import { importKeyFile } from '../import-keys.js';
import type { StepContext, StepOutput } from './context.js';

/**
 * Imports one planned key file. The candidates are the plan's (the tenant default, then the
 * passphrases this plan adds) followed by the stored list — which by now holds this run's
 * `passphrase-add`s too, so a PKCS#12 file and its passphrase line work in one upload.
 */
export async function importKeyStep(
  ctx: StepContext,
  a: KeyImportAction,
): Promise<StepOutput & { imported: KeyImportResult }> {
  const stored = a.folder === 'private' ? await ctx.store.listPassphrases(ctx.tenant) : [];
  const passphrases: Secret[] = [];
  for (const p of [...a.passphrases, ...stored])
    if (!passphrases.some((q) => q.equals(p))) passphrases.push(p);
  const imported = await importKeyFile(
    ctx.store,
    ctx.config,
    { name: a.file, folder: a.folder, bytes: a.content.reveal() },
    { now: ctx.now, passphrases },
  );
  const status = imported.status === 'imported' ? 'done' : 'failed';
  const what = imported.reference ? `${imported.kind} ${imported.reference}` : imported.kind;
  const message =
    imported.status === 'imported'
      ? `imported ${what}${imported.address ? ` for ${imported.address}` : ''}`
      : (imported.message ?? 'not imported');
  return { result: { id: a.id, status, message }, imported };
}
