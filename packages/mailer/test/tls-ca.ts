import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA and a server certificate it signed, made with the openssl CLI. */
export interface TestPki {
  readonly caPem: string;
  readonly serverKeyPem: string;
  /** The server certificate followed by the CA certificate (what a server sends). */
  readonly serverChainPem: string;
  /** The names in the server certificate's SAN. */
  readonly serverName: string;
}

/** Makes a CA ("usesync test SMTP CA") and a server certificate for `serverName` and 127.0.0.1. */
export function makeTestPki(serverName = 'smtp.test.usesync'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-pki-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  try {
    run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=usesync test SMTP CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    run(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      `/CN=${serverName}`,
    );
    writeFileSync(
      join(dir, 'ext.cnf'),
      `subjectAltName=DNS:${serverName},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
    );
    run(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    );
    const read = (n: string): string => readFileSync(join(dir, n), 'utf8');
    return {
      caPem: read('ca.pem'),
      serverKeyPem: read('server.key'),
      serverChainPem: read('server.pem') + read('ca.pem'),
      serverName,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
