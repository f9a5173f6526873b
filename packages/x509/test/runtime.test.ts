import { expect, test } from 'vitest';

test('importing the package has no global effect; reflect-metadata is loaded on first use', async () => {
  const reflect = Reflect as unknown as Record<string, unknown>;
  const { parseCertificates } = await import('../src/index.js');
  expect(reflect.getMetadata).toBeUndefined();
  await parseCertificates('no certificates here');
  expect(typeof reflect.getMetadata).toBe('function');
});

test('PKI.js is imported on first PKCS#12 use, and its global engine is left alone', async () => {
  const pid = process.pid as unknown as keyof typeof globalThis;
  const { readPkcs12 } = await import('../src/index.js');
  // PKI.js registers a default engine in global[process.pid] when it is imported.
  expect(globalThis[pid]).toBeUndefined();
  const result = await readPkcs12(new Uint8Array([0x30, 0x00]), { passphrases: [] });
  expect(result.ok).toBe(false);
  expect(globalThis[pid]).toBeDefined();
  const pkijs = await import('pkijs');
  expect(pkijs.getEngine().name).not.toBe('usesync-node-webcrypto');
});
