import { expect, test } from 'vitest';

test('importing the package has no global effect; reflect-metadata is loaded on first use', async () => {
  const reflect = Reflect as unknown as Record<string, unknown>;
  const { parseCertificates } = await import('../src/index.js');
  expect(reflect.getMetadata).toBeUndefined();
  await parseCertificates('no certificates here');
  expect(typeof reflect.getMetadata).toBe('function');
});
