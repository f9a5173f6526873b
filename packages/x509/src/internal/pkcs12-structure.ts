import {
  decode,
  expect,
  explicit,
  integer,
  MalformedError,
  octets,
  oid,
  sequence,
  Tag,
  type Tlv,
} from './der.js';
import { SchemeError } from './pkcs12-crypto.js';

/** PKCS#7 / PKCS#12 content and bag types. */
export const P12 = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

/** Something encrypted under the passphrase: an AlgorithmIdentifier and ciphertext. */
export interface Encrypted {
  readonly algorithmId: Tlv;
  readonly data: Uint8Array;
}

/** A bag of interest; CRL, secret and unknown bags are dropped. */
export type Bag =
  | { readonly kind: 'key'; readonly pkcs8: Uint8Array }
  | { readonly kind: 'shroudedKey'; readonly encrypted: Encrypted }
  | { readonly kind: 'certificate'; readonly der: Uint8Array };

/** One entry of the AuthenticatedSafe: plain bags or an encrypted SafeContents. */
export type SafeEntry =
  | { readonly kind: 'plain'; readonly bags: readonly Bag[] }
  | { readonly kind: 'encrypted'; readonly encrypted: Encrypted };

/** The outer structure of a PKCS#12 file, readable without a passphrase. */
export interface Pkcs12Structure {
  /** The octets the MAC is computed over. */
  readonly authSafe: Uint8Array;
  readonly macData?: Tlv;
  readonly entries: readonly SafeEntry[];
}

function contentInfo(t: Tlv | undefined): { type: string; content: Tlv | undefined } {
  const [type, content] = sequence(t, 'ContentInfo');
  return { type: oid(type), content: content === undefined ? undefined : explicit(content, 0, 'content') };
}

function encryptedPrivateKey(t: Tlv): Encrypted {
  const [algorithmId, data] = sequence(t, 'EncryptedPrivateKeyInfo');
  if (algorithmId === undefined || data === undefined) throw new MalformedError('EncryptedPrivateKeyInfo');
  return { algorithmId, data: octets(expect(data, Tag.OctetString, 'encryptedData')) };
}

/** Reads a SafeContents (a SEQUENCE OF SafeBag), descending into nested SafeContents bags. */
export function parseSafeContents(bytes: Uint8Array, depth = 0): Bag[] {
  if (depth > 4) throw new MalformedError('SafeContents nested too deeply');
  const bags: Bag[] = [];
  for (const bag of sequence(decode(bytes), 'SafeContents')) {
    const [idTlv, valueTlv] = sequence(bag, 'SafeBag');
    const id = oid(idTlv);
    const value = explicit(valueTlv, 0, 'bagValue');
    if (id === P12.keyBag) {
      bags.push({ kind: 'key', pkcs8: value.raw });
    } else if (id === P12.shroudedKeyBag) {
      bags.push({ kind: 'shroudedKey', encrypted: encryptedPrivateKey(value) });
    } else if (id === P12.certBag) {
      const [certId, certValue] = sequence(value, 'CertBag');
      if (oid(certId) === P12.x509Certificate) {
        bags.push({
          kind: 'certificate',
          der: octets(expect(explicit(certValue, 0, 'certValue'), Tag.OctetString, 'cert')),
        });
      }
    } else if (id === P12.safeContentsBag) {
      bags.push(...parseSafeContents(value.raw, depth + 1));
    }
  }
  return bags;
}

/**
 * Reads the outer PKCS#12 structure. Throws MalformedError for anything that is not PKCS#12 and
 * SchemeError for public-key integrity or privacy modes, which usesync does not support.
 */
export function parsePkcs12(bytes: Uint8Array): Pkcs12Structure {
  const [version, authSafeTlv, macData] = sequence(decode(bytes), 'PFX');
  if (integer(version) !== 3) throw new MalformedError('PFX version');
  const authSafeInfo = contentInfo(authSafeTlv);
  if (authSafeInfo.type === P12.signedData) {
    throw new SchemeError({ kind: 'unsupported', name: 'public-key integrity mode' });
  }
  if (authSafeInfo.type !== P12.data || authSafeInfo.content === undefined)
    throw new MalformedError('authSafe');
  const authSafe = octets(expect(authSafeInfo.content, Tag.OctetString, 'authSafe data'));
  const entries: SafeEntry[] = [];
  for (const item of sequence(decode(authSafe), 'AuthenticatedSafe')) {
    const info = contentInfo(item);
    if (info.content === undefined) throw new MalformedError('empty ContentInfo');
    if (info.type === P12.data) {
      entries.push({
        kind: 'plain',
        bags: parseSafeContents(octets(expect(info.content, Tag.OctetString, 'data'))),
      });
    } else if (info.type === P12.encryptedData) {
      const [, eci] = sequence(info.content, 'EncryptedData');
      const [, algorithmId, content] = sequence(eci, 'EncryptedContentInfo');
      if (algorithmId === undefined || content === undefined || content.cls !== 2 || content.tag !== 0) {
        throw new MalformedError('EncryptedContentInfo');
      }
      // [0] IMPLICIT OCTET STRING: primitive, or constructed from OCTET STRING pieces (BER).
      const data = content.constructed ? octets({ ...content, cls: 0, tag: Tag.OctetString }) : content.value;
      entries.push({ kind: 'encrypted', encrypted: { algorithmId, data } });
    } else if (info.type === P12.envelopedData) {
      throw new SchemeError({ kind: 'unsupported', name: 'public-key privacy mode' });
    } else {
      throw new MalformedError('unknown content type');
    }
  }
  return macData === undefined ? { authSafe, entries } : { authSafe, macData, entries };
}
