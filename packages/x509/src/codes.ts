/**
 * Stable diagnostic codes of `@usesync/x509`. Messages name the file (when the caller gives its
 * name) but never a passphrase, which passphrases were tried, or any key material.
 */
export const X509Codes = {
  /** A file or PEM block is not a certificate (nor a PKCS#7 bundle of certificates). */
  NotACertificate: 'X509001',
  /** A PEM block is damaged (bad base64, mismatched END line, missing END line). */
  DamagedPemBlock: 'X509002',
  /** A PEM block of another kind (e.g. a private key) was skipped in a certificate file. */
  SkippedPemBlock: 'X509003',
  /** A certificate file holds no certificate at all. */
  NoCertificate: 'X509004',
  /** A file is not PKCS#12. */
  NotPkcs12: 'X509010',
  /** A PKCS#12 file uses legacy encryption (RC2, RC4, single DES) that usesync does not read. */
  LegacyPkcs12: 'X509011',
  /** None of the configured passphrases opens a PKCS#12 file. */
  Pkcs12Locked: 'X509012',
  /** A PKCS#12 file holds no private key. */
  Pkcs12NoKey: 'X509013',
  /** A PKCS#12 file holds more than one private key. */
  Pkcs12SeveralKeys: 'X509014',
  /** A PKCS#12 file holds no certificate for its private key. */
  Pkcs12NoMatchingCertificate: 'X509015',
  /** A PKCS#12 file uses a feature usesync does not support (public-key integrity or privacy, …). */
  Pkcs12Unsupported: 'X509016',
  /** A PKCS#12 file opens but is damaged (integrity check fails, undecodable contents). */
  Pkcs12Damaged: 'X509017',
} as const;

/** One of the {@link X509Codes}. */
export type X509Code = (typeof X509Codes)[keyof typeof X509Codes];
