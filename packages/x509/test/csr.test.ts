import { UsesyncError } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { createKeyAndCsr, type KeySpec } from '../src/index.js';
import { loadX509 } from '../src/internal/runtime.js';
import { hasOpenssl, openssl } from './helpers/openssl.js';

const person = { kind: 'person', givenName: 'Jürg', surname: 'Müller' } as const;
const defaults = { country: 'CH', organization: 'Example AG' };

describe('createKeyAndCsr', () => {
  test.each<[KeySpec, string]>([
    ['RSA-2048', 'RSA-2048'],
    ['RSA-3072', 'RSA-3072'],
    ['RSA-4096', 'RSA-4096'],
    ['EC-P256', 'EC-P256'],
    ['EC-P384', 'EC-P384'],
  ])('generates a %s key and a CSR signed with it', async (keySpec, label) => {
    const { privateKey, csr } = await createKeyAndCsr({
      address: 'juerg.mueller@example.com',
      holder: person,
      product: 'personal',
      defaults,
      keySpec,
    });
    expect(privateKey.label).toBe(label);
    expect(csr.pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const x509 = await loadX509();
    const parsed = new x509.Pkcs10CertificateRequest(Buffer.from(csr.der));
    expect(await parsed.verify()).toBe(true);
    expect(parsed.subjectName.getField('CN')).toEqual(['Jürg Müller']);
    expect(parsed.subjectName.getField('OU')).toEqual([]);
    const sanRaw = parsed.extensions.find((e) => e.type === '2.5.29.17');
    const san = sanRaw && new x509.SubjectAlternativeNameExtension(sanRaw.rawData);
    expect(san?.names.items.map((n) => [n.type, n.value])).toEqual([['email', 'juerg.mueller@example.com']]);
    expect(csr.subjectDn).toContain('CN=Jürg Müller');
  });

  test('refuses a bad subject before generating a key', async () => {
    await expect(
      createKeyAndCsr({ address: 'nope', holder: person, product: 'personal', keySpec: 'RSA-4096' }),
    ).rejects.toThrow(UsesyncError);
  });

  test('refuses an unknown key type', async () => {
    await expect(
      createKeyAndCsr({
        address: 'a@example.com',
        holder: person,
        product: 'personal',
        keySpec: 'DSA-1024' as KeySpec,
      }),
    ).rejects.toMatchObject({ code: 'X509_BAD_KEY_SPEC' });
  });
});

describe.skipIf(!hasOpenssl)('CSR interop with OpenSSL', () => {
  test.each<KeySpec>(['RSA-2048', 'EC-P256', 'EC-P384'])(
    'openssl req -verify accepts a %s CSR and shows the subject, SAN, KU and EKU',
    async (keySpec) => {
      const { csr } = await createKeyAndCsr({
        address: 'support@example.com',
        holder: { kind: 'team', name: 'Support' },
        product: 'personal',
        defaults,
        keySpec,
      });
      const run = await openssl(['req', '-verify', '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus'], {
        input: csr.pem,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr + run.stdout.toString()).toMatch(
        /verify OK|Certificate request self-signature verify OK/,
      );
      const text = run.stdout.toString();
      expect(text).toContain('Subject: C=CH,O=Example AG,CN=Support,emailAddress=support@example.com');
      expect(text).toContain('email:support@example.com');
      expect(text).toContain('E-mail Protection');
      expect(text).toMatch(
        /X509v3 Key Usage: critical\s+Digital Signature, (Key Encipherment|Key Agreement)/,
      );
    },
  );
});
