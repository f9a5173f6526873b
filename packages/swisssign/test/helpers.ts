import 'reflect-metadata';
import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  type SimulatorHandle,
  type SimulatorOptions,
  SwissSignClient,
  type SwissSignClientConfig,
  startSimulator,
} from '../src/index.js';

x509.cryptoProvider.set(globalThis.crypto);

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
let rsaKeys: Promise<webcrypto.CryptoKeyPair> | undefined;

/** One RSA-2048 key pair shared by the tests of a file (key generation is the slow part). */
export function testKeys(): Promise<webcrypto.CryptoKeyPair> {
  rsaKeys ??= crypto.subtle.generateKey(RSA, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
  return rsaKeys;
}

/** A CSR made with @peculiar/x509 directly, standing in for the project's X.509 package. */
export async function makeCsr(options: {
  email: string;
  cn?: string;
  keys?: webcrypto.CryptoKeyPair;
  ou?: string;
}): Promise<string> {
  const keys = options.keys ?? (await testKeys());
  const name = [`CN=${options.cn ?? options.email}`, ...(options.ou ? [`OU=${options.ou}`] : [])].join(', ');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: keys.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : RSA,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: options.email }])],
  });
  return csr.toString('pem');
}

/** The client configuration tests use: short polls and retries, no rate limit. */
export function clientConfig(
  sim: SimulatorHandle,
  overrides: Partial<SwissSignClientConfig> = {},
): SwissSignClientConfig {
  return {
    baseUrl: sim.url,
    userName: sim.account,
    apiKey: sim.apiKey,
    products: { personal: sim.products.personal.name, team: sim.products.team.name },
    timeoutMs: 5_000,
    retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 40 },
    poll: { initialDelayMs: 5, maxDelayMs: 40, maxWaitMs: 5_000 },
    rateLimit: false,
    ...overrides,
  };
}

/** A simulator plus a client speaking to it. */
export async function setup(
  options: SimulatorOptions = {},
  overrides: Partial<SwissSignClientConfig> = {},
): Promise<{ sim: SimulatorHandle; client: SwissSignClient }> {
  const sim = await startSimulator(options);
  return { sim, client: new SwissSignClient(clientConfig(sim, overrides)) };
}
