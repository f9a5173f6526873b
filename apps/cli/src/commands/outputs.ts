import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryNames } from '@usesync/executor';
import type { CliIO } from '../io.js';

/**
 * The CLI's names for a run's files: `<tenant>_certificates_<stamp>.zip` and
 * `<tenant>_semi-automatic_<stamp>.csv` (`<tenant>_watchdog_semi-automatic_<stamp>.csv` for the
 * WatchDog); the CSV is also written under `<data>/reports/`.
 */
export function runFileNames(tenant: string, now: Date, run: 'sync' | 'watchdog'): DeliveryNames {
  const at = stamp(now);
  return {
    report: `${tenant}_${run}-report_${at}.txt`,
    smimeReport: `${tenant}_smime-report_${at}.txt`,
    certificatesZip: `${tenant}_certificates_${at}.zip`,
    semiAutomaticCsv: `${tenant}_${run === 'watchdog' ? 'watchdog_' : ''}semi-automatic_${at}.csv`,
  };
}

/** Writes a file under `<data>/reports/`, returns its path. */
export function writeReportFile(dataDir: string, name: string, content: string | Uint8Array): string {
  const dir = join(dataDir, 'reports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** Writes a run's semi-automatic CSV under `<data>/reports/`; returns the line for the terminal. */
export function saveCsv(dataDir: string, csv: { name: string; content: string } | undefined): string[] {
  if (!csv) return [];
  return [`semi-automatic CSV for the service desk: ${writeReportFile(dataDir, csv.name, csv.content)}`];
}

/** A file-name-safe timestamp, e.g. `2026-11-27T160000Z`. */
export function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A progress bar on standard error when it is a terminal. */
export function progressBar(io: CliIO): ((p: { done: number; total: number }) => void) | undefined {
  if (!io.isTTY) return undefined;
  return ({ done, total }) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    io.err(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
    );
  };
}
