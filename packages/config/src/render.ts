import { defaultTenantConfig } from './defaults.js';

/**
 * The default tenant configuration as commented YAML, written by `usesync init`. Every option is
 * present at its default value with a comment saying what it does; optional settings are shown
 * commented out. Parsing the text back yields exactly {@link defaultTenantConfig}.
 */
export function renderDefaultTenantConfigYaml(tenantId: string): string {
  const c = defaultTenantConfig(tenantId);
  return `# usesync tenant configuration (the manual's implementation checklist).
# Every key is optional except tenant.id; a missing key takes the default shown here.
# Secrets never go into this file: reference them with { env: NAME } or { file: path }.

tenant:
  # The file-name prefix of this tenant's uploads: ${c.tenant.id}_use_import_2022-06-01_1600.useimport
  id: "${c.tenant.id}"
  # name: Example Ltd.

# Which key technologies this tenant uses.
features:
  pgp: ${c.features.pgp}
  smime: ${c.features.smime}

pgp:
  # Length (1024, 2048 or 4096 bit) and validity (e.g. 1y, 6m, 30d) of keys created without
  # explicit values in the import file.
  defaultKeyLength: ${c.pgp.defaultKeyLength}
  defaultValidity: ${c.pgp.defaultValidity}
  defaultKeyType: ${c.pgp.defaultKeyType}
  # Shorter keys requested by an import file are refused. 1024 is accepted only together with
  # allowWeakKeys: true, because 1024-bit RSA keys are considered breakable.
  minimumKeyLength: ${c.pgp.minimumKeyLength}
  allowWeakKeys: ${c.pgp.allowWeakKeys}

smime:
  # ca: certificates are ordered from SwissSign; external: bought elsewhere and imported.
  source: ${c.smime.source}
  # automatic: order during the sync; semi-automatic: write a CSV of instructions instead.
  mode: ${c.smime.mode}
  # Creations beyond this number of live certificates are refused with (!).
  maxLiveCertificates: ${c.smime.maxLiveCertificates}
  # RSA-2048, RSA-3072, RSA-4096, ECDSA-P256 or ECDSA-P384.
  keyAlgorithm: ${c.smime.keyAlgorithm}
  # SwissSign certificate products (product name or pma-… reference) for personal and team
  # (role/group address) certificates.
  products:
    personal: ${c.smime.products.personal}
    team: ${c.smime.products.team}
  # Subject defaults added to every ordered certificate.
  subject: {}
  #   organization: Example Ltd.
  #   organizationalUnit: IT
  #   country: CH
  #   state: Zurich
  #   locality: Zurich
  revocation:
    # UNUSED, KEY_COMPROMISE, AFFILIATION_CHANGED, SUPERSEDED or CESSATION_OF_OPERATION.
    reason: ${c.smime.revocation.reason}
    # First and last name sent as the revocation requestor (required for SwissSign service accounts).
    requestor: ${c.smime.revocation.requestor}
  # Passphrase tried first when importing uploaded PKCS#12 files (then the synced list):
  # defaultImportPassphrase: { env: USESYNC_${c.tenant.id}_IMPORT_PASSPHRASE }
  # defaultImportPassphrase: { file: /run/secrets/import-passphrase }

# Renewal of expiring S/MIME certificates of addresses on the swisssign-users list.
watchdog:
  enabled: ${c.watchdog.enabled}
  mode: ${c.watchdog.mode}
  # chained: renew only addresses that already have a certificate;
  # unchained (false): also issue first certificates for listed addresses.
  chained: ${c.watchdog.chained}
  # Certificates expiring within this many hours are renewed (also used by the sync).
  bufferHours: ${c.watchdog.bufferHours}
  # Cron expression (minute hour day month weekday), in the worker's time zone.
  schedule: "${c.watchdog.schedule}"

# single-user: the import file lists changes; absent addresses are untouched.
# aggregated: the import file is the complete list; managed addresses absent from it are revoked.
state: ${c.state}

# A plan that would revoke or delete more than percent % of the live keys (and at least minimum
# of them) is refused as a whole unless the run overrides the guard explicitly.
revocationGuard:
  percent: ${c.revocationGuard.percent}
  minimum: ${c.revocationGuard.minimum}
  # Revocations and deletions of the last windowHours count together with the plan's, so a mass
  # revocation split over several files is refused all the same.
  windowHours: ${c.revocationGuard.windowHours}

# Report recipients: sync report, admin (semi-automatic CSV), S/MIME transaction report, BCC.
reports:
  report: []
  admin: []
  smimeReport: []
  bcc: []

# Store reports and the certificate zip in the share's return directory.
pushback: ${c.pushback}

# Where import files and keys are uploaded.
share:
  # local: a folder (root resolved against the data directory); sftp: an SFTP server.
  kind: ${c.share.kind}
  root: ${c.share.root}
  useDir: ${c.share.useDir}
  publicKeysDir: ${c.share.publicKeysDir}
  privateKeysDir: ${c.share.privateKeysDir}
  returnDir: ${c.share.returnDir}
  # Permissions of the files written into the share (reports in the return folder); quoted octal.
  fileMode: "0${c.share.fileMode.toString(8)}"
  # sftp:
  #   host: sftp.example.com
  #   port: 22
  #   username: ${c.tenant.id.toLowerCase()}
  #   privateKeyFile: /etc/usesync/${c.tenant.id}.key
  #   hostKeyFingerprint: "SHA256:..."   # or knownHostsFile: /etc/usesync/known_hosts
  #   root: .

limits:
  # Import files larger than this are refused with a report.
  maxFileBytes: ${c.limits.maxFileBytes}
`;
}
