import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CertificateRecord } from '@usesync/domain';
import { listTenants, openStore, resolveDataDir } from '@usesync/executor';
import { forecastExpiries, renderForecastSvg, renderForecastText } from '@usesync/report';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { parseNow } from './sync-options.js';

/**
 * `usesync forecast`: active S/MIME certificates expiring per week (all tenants, or one), as a
 * text histogram, JSON, and optionally an SVG bar chart — renewal waves before they hit the CA.
 * Reads the store only.
 */
export function registerForecast(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('forecast')
    .description('certificates expiring per week over the next months (text histogram, --svg chart)')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'one tenant (default: every tenant of the data directory)')
    .option('--weeks <n>', 'number of weeks (default 26)', '26')
    .option('--now <iso>', 'count from this time instead of now')
    .option('--svg <file>', 'also write an SVG bar chart to this file')
    .option('--json', 'one JSON document on stdout')
    .action(
      async (opts: {
        data?: string;
        tenant?: string;
        weeks: string;
        now?: string;
        svg?: string;
        json?: boolean;
      }) => {
        const weeks = Number(opts.weeks);
        if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) {
          throw new UsageError(
            `Cannot use --weeks ${JSON.stringify(opts.weeks)}: expected a whole number from 1 to 520`,
          );
        }
        const now = parseNow(opts.now);
        const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
        const tenants = opts.tenant ? [opts.tenant] : listTenants(dataDir);
        const store = openStore(dataDir, io.env, true);
        const perTenant: Record<string, CertificateRecord[]> = {};
        try {
          for (const t of tenants)
            perTenant[t] = (await store.listCertificates(t)).filter((c) => c.status === 'active');
        } finally {
          await store.close();
        }
        const all = Object.values(perTenant).flat();
        const total = forecastExpiries(all, now, weeks);
        const title = `Certificates expiring per week (${tenants.length === 1 ? `tenant ${tenants[0]}` : `${tenants.length} tenants`})`;
        if (opts.svg) {
          const path = resolve(io.cwd, opts.svg);
          try {
            writeFileSync(path, renderForecastSvg(total, title));
          } catch (e) {
            throw new UsageError(`Cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
          }
        }
        if (opts.json) {
          const tenantsJson = Object.fromEntries(
            Object.entries(perTenant).map(([t, certs]) => [t, forecastExpiries(certs, now, weeks)]),
          );
          io.out(`${JSON.stringify({ ...total, tenants: tenantsJson }, null, 2)}\n`);
        } else {
          io.out(renderForecastText(total, title));
          if (opts.svg) io.out(`\nSVG chart: ${resolve(io.cwd, opts.svg)}\n`);
        }
        setExit(Exit.Ok);
      },
    );
}
