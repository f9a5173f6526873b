// @usesync/pgp: OpenPGP key generation (worker pool), import, validation and export (openpgp).
export {};
