import { createKeyAndCsr, type KeySpec, type PrivateKey } from '../../src/index.js';
import { createTestCa, type TestCa } from './test-ca.js';

/** A key with a certificate issued by a test CA. */
export interface Issued {
  readonly ca: TestCa;
  readonly key: PrivateKey;
  readonly certificate: Uint8Array;
}

/** Makes a test CA and one S/MIME certificate for `address`. */
export async function issueFor(
  address: string,
  keySpec: KeySpec,
  serial: string,
  ca?: TestCa,
): Promise<Issued> {
  const issuer = ca ?? (await createTestCa());
  const { privateKey, csr } = await createKeyAndCsr({
    address,
    holder: { kind: 'person', givenName: 'Test', surname: 'User' },
    product: 'personal',
    defaults: { country: 'CH', organization: 'Example AG' },
    keySpec,
  });
  return { ca: issuer, key: privateKey, certificate: await issuer.issue(csr.der, serial) };
}
