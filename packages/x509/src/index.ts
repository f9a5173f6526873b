// @usesync/x509: S/MIME key pairs, CSRs, certificate parsing and PKCS#12 (@peculiar/x509, pkijs).
export {};
