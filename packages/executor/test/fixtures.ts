import { defaultTenantConfig, type TenantConfig } from '@usesync/config';
import { Secret, type Store } from '@usesync/domain';
import { generatePgpKey } from '@usesync/pgp';
import { KeyEncryptionKey, openSqliteStore } from '@usesync/store';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import { buildPkcs12, createKeyAndCsr } from '@usesync/x509';
import type { ExecutorDeps } from '../src/index.js';
import { checkInputs, type SyncInputs } from '../src/index.js';

/** A tenant configuration for tests: fast ECDSA keys, the simulator's product names. */
export function testConfig(
  sim: SimulatorHandle,
  patch: (c: TenantConfig) => TenantConfig = (c) => c,
): TenantConfig {
  const c = defaultTenantConfig('12345TE');
  return patch({
    ...c,
    pgp: { ...c.pgp, defaultKeyLength: 2048 },
    smime: {
      ...c.smime,
      keyAlgorithm: 'ECDSA-P256',
      products: { personal: sim.products.personal.name, team: sim.products.team.name },
      subject: { ...c.smime.subject, organization: 'Company AG', country: 'CH' },
    },
  });
}

/** A SwissSign client against the simulator: no rate limit, fast polling. */
export function simClient(sim: SimulatorHandle, maxWaitMs = 10_000): SwissSignClient {
  return new SwissSignClient({
    baseUrl: sim.url,
    userName: sim.account,
    apiKey: sim.apiKey,
    products: { personal: sim.products.personal.name, team: sim.products.team.name },
    rateLimit: false,
    retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 50 },
    poll: { initialDelayMs: 10, maxDelayMs: 100, maxWaitMs },
  });
}

/** Everything a test needs: simulator, in-memory store, deps. */
export interface Harness {
  readonly sim: SimulatorHandle;
  readonly store: Store;
  readonly deps: ExecutorDeps;
  /** Moves the simulator's clock (certificates are issued from this time). */
  setTime(at: Date): void;
  close(): Promise<void>;
}

export async function harness(options: { polls?: number; maxWaitMs?: number } = {}): Promise<Harness> {
  let at = NOW;
  const sim = await startSimulator({ progression: { polls: options.polls ?? 0 }, now: () => at });
  const store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  const deps: ExecutorDeps = {
    store,
    ca: simClient(sim, options.maxWaitMs),
    pgp: { generate: (r) => generatePgpKey(r) },
  };
  return {
    sim,
    store,
    deps,
    setTime: (d) => {
      at = d;
    },
    close: async () => {
      await store.close();
      await sim.close();
    },
  };
}

/** Checked inputs of a `.useimport` text (and optionally a `.ruleimport` text). */
export function inputsOf(useimport: string, ruleimport?: string): SyncInputs {
  const enc = new TextEncoder();
  return checkInputs([
    { name: '12345TE_use_import_2026-11-27_1600.useimport', bytes: enc.encode(useimport) },
    ...(ruleimport === undefined
      ? []
      : [{ name: '12345TE_rules_2026-11-27_1600.ruleimport', bytes: enc.encode(ruleimport) }]),
  ]);
}

export const NOW = new Date('2026-11-27T16:00:00Z');

/**
 * A certificate "bought elsewhere" for ext@company.com (issued by the simulator outside any sync)
 * and a PKCS#12 maker for its key: what a customer uploads to the private key folder.
 */
export async function externalCertificate(
  h: Harness,
  tag: string,
): Promise<{ certificatePem: string; pkcs12(passphrase: string): Promise<Uint8Array> }> {
  const { privateKey, csr } = await createKeyAndCsr({
    address: 'ext@company.com',
    holder: { kind: 'person', givenName: 'Ext', surname: 'Ernal' },
    product: 'personal',
    keySpec: 'EC-P256',
  });
  const issued = await h.deps.ca!.issue({
    kind: 'personal',
    email: 'ext@company.com',
    givenName: 'Ext',
    surname: 'Ernal',
    csr: csr.pem,
    idempotencyKey: tag,
  });
  if (issued.kind !== 'issued') throw new Error('not issued');
  return {
    certificatePem: issued.certificate.pem,
    pkcs12: (passphrase) =>
      buildPkcs12({
        key: privateKey,
        certificate: issued.certificate.der,
        passphrase: new Secret(passphrase),
        iterations: 1000,
      }),
  };
}
