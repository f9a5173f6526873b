import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDataDir, tenantConfigPath } from '@usesync/executor';
import { createLogger, type Logger, parseWorkerConfig, Worker, type WorkerConfig } from '../src/index.js';

export const TENANT = '12345TE';
export const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
export const USE_EXAMPLE = '12345TE_use_import_2022-06-01_1600.useimport';
export const RULE_EXAMPLE = '12345TE_rules_2022-06-01_1600.ruleimport';

/** A data directory with one tenant: fast keys, report addresses, the given share section. */
export async function makeDataDir(share = ''): Promise<{ dataDir: string; cleanup(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'usesync-worker-'));
  await initDataDir(dataDir, TENANT, {});
  const path = tenantConfigPath(dataDir, TENANT);
  let yaml = readFileSync(path, 'utf8')
    .replace('defaultKeyLength: 4096', 'defaultKeyLength: 2048')
    .replace('keyAlgorithm: RSA-3072', 'keyAlgorithm: ECDSA-P256')
    .replace('  report: []', '  report: ["it-admin@company.com"]')
    .replace('  smimeReport: []', '  smimeReport: ["pki@company.com"]');
  if (share) yaml = yaml.replace(/\nshare:\n( {2}.*\n)+/, `\nshare:\n${share}`);
  writeFileSync(path, yaml);
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A worker configuration for tests (HTTP on a free port). */
export function workerConfig(dataDir: string, extra: Record<string, unknown> = {}): WorkerConfig {
  return parseWorkerConfig(
    { dataDir, pollIntervalSeconds: 1, http: { port: 0 }, logLevel: 'debug', ...extra },
    dataDir,
  );
}

/** A logger that keeps its JSON lines. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('debug', { write: (s: string) => void lines.push(s) }), lines };
}

/** Copies the manual's examples into a folder. */
export function dropExamples(useDir: string, names = [USE_EXAMPLE, RULE_EXAMPLE]): void {
  mkdirSync(useDir, { recursive: true });
  for (const n of names) cpSync(join(EXAMPLES, n), join(useDir, n));
}

/** A worker on a fresh data directory with a local-folder share, polled by hand. */
export interface LocalWorker {
  readonly dataDir: string;
  readonly worker: Worker;
  /** The worker's JSON log lines. */
  readonly lines: string[];
  /** `<data>/share/<folder>`. */
  share(...folder: string[]): string;
  /** Stops the worker and removes the data directory. */
  stop(): Promise<void>;
}

/** Starts a {@link LocalWorker} (no poll loop: tests call `worker.pollOnce()`). */
export async function startLocalWorker(): Promise<LocalWorker> {
  const { dataDir, cleanup } = await makeDataDir();
  const mem = memoryLogger();
  const worker = await Worker.start({
    config: workerConfig(dataDir),
    env: {},
    logger: mem.logger,
    autoPoll: false,
  });
  return {
    dataDir,
    worker,
    lines: mem.lines,
    share: (...folder) => join(dataDir, 'share', ...folder),
    stop: async () => {
      await worker.stop(0);
      cleanup();
    },
  };
}
