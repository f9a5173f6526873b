// @usesync/x509: S/MIME key pairs, CSRs, certificate parsing and PKCS#12 (@peculiar/x509, pkijs).
export type { CertificateInfo, KeyUsageName, ParseCertificatesOptions } from './certificate.js';
export { certificateToPem, parseCertificateDer, parseCertificates } from './certificate.js';
export type { X509Code } from './codes.js';
export { X509Codes } from './codes.js';
export type { CertificateRequest, CsrRequest, KeyAndCsr } from './csr.js';
export { createCsr, createKeyAndCsr } from './csr.js';
export { keyMatchesCertificate } from './key-match.js';
export type {
  Pkcs12Failed,
  Pkcs12File,
  Pkcs12Opened,
  Pkcs12OpenedWith,
  Pkcs12Passphrases,
  Pkcs12ReadResult,
  ReadPkcs12Options,
} from './pkcs12-read.js';
export { LEGACY_CONVERSION_COMMAND, readPkcs12, readPkcs12Files } from './pkcs12-read.js';
export type { BuildPkcs12Options } from './pkcs12-write.js';
export { buildPkcs12, PKCS12_DEFAULT_ITERATIONS, PKCS12_MIN_ITERATIONS } from './pkcs12-write.js';
export type { KeyAlgorithmInfo, KeySpec } from './private-key.js';
export { generatePrivateKey, KEY_SPECS, PrivateKey, privateKeyToPkcs8Pem } from './private-key.js';
export type {
  CertificateHolder,
  CertificateProduct,
  Subject,
  SubjectAttribute,
  SubjectAttributeType,
  SubjectDefaults,
  SubjectRequest,
} from './subject.js';
export { buildSubject } from './subject.js';
