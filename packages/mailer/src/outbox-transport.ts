import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Eml } from './eml.js';
import type { DeliveryReceipt, MailTransport } from './transport.js';

/**
 * The embedded default: "delivers" by writing each message as an `.eml` file (RFC 5322, CRLF)
 * into a folder, next to a `.json` with its envelope. A relay, a cron job or a human picks them up.
 * Files appear atomically (written under a temporary name, then renamed).
 */
export class OutboxTransport implements MailTransport {
  readonly name: string;
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    this.name = `outbox:${dir}`;
  }

  async deliver(eml: Eml, id: string): Promise<DeliveryReceipt> {
    await mkdir(this.#dir, { recursive: true });
    const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
    const file = join(this.#dir, `${name}.eml`);
    await writeFile(`${file}.tmp`, eml.raw);
    await rename(`${file}.tmp`, file);
    const meta = join(this.#dir, `${name}.json`);
    await writeFile(`${meta}.tmp`, `${JSON.stringify({ envelope: eml.envelope }, null, 2)}\n`);
    await rename(`${meta}.tmp`, meta);
    return { accepted: [...eml.envelope.to], rejected: [], response: `written to ${file}` };
  }

  async close(): Promise<void> {}
}
