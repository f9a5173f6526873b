import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SftpShare } from '@usesync/share';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sshdMissing, startSshd, type TestSshd } from '../../../packages/share/test/sshd-server.js';
import { Worker } from '../src/index.js';
import { EXAMPLES, makeDataDir, memoryLogger, RULE_EXAMPLE, USE_EXAMPLE, workerConfig } from './helpers.js';

if (sshdMissing) console.warn(sshdMissing);

describe.skipIf(sshdMissing !== undefined)('the worker on an SFTP share (real OpenSSH sshd)', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => sshd?.stop());

  const shareYaml = (pin: string) =>
    [
      '  kind: sftp',
      '  useDir: use',
      '  publicKeysDir: keys/public',
      '  privateKeysDir: keys/private',
      '  returnDir: return',
      '  sftp:',
      '    host: 127.0.0.1',
      `    port: ${sshd.port}`,
      `    username: ${sshd.username}`,
      '    privateKeyFile: sftp_key',
      `    ${pin}`,
      `    root: ${sshd.root}`,
      '',
    ].join('\n');

  async function startWorker(pin: string) {
    const { dataDir, cleanup } = await makeDataDir(shareYaml(pin));
    writeFileSync(join(dataDir, 'sftp_key'), sshd.clientKey, { mode: 0o600 });
    writeFileSync(join(dataDir, 'known_hosts'), sshd.knownHosts);
    writeFileSync(join(dataDir, 'empty_known_hosts'), '# nothing\n');
    const mem = memoryLogger();
    const worker = await Worker.start({
      config: workerConfig(dataDir),
      env: {},
      logger: mem.logger,
      autoPoll: false,
    });
    return { worker, lines: mem.lines, dataDir, cleanup };
  }

  const uploader = () =>
    new SftpShare({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      hostKey: { fingerprint: sshd.fingerprint },
      root: sshd.root,
    });

  test('upload → processed → reports in return/ → import files deleted; truncated and growing uploads wait; a re-upload is refused', async () => {
    const { worker, cleanup } = await startWorker(`hostKeyFingerprint: "${sshd.fingerprint}"`);
    const up = uploader();
    try {
      const use = join(sshd.root, 'use');
      for (const n of [USE_EXAMPLE, RULE_EXAMPLE])
        await up.write(`use/${n}`, readFileSync(join(EXAMPLES, n)));
      const full = readFileSync(join(EXAMPLES, USE_EXAMPLE), 'utf8');
      await up.write('use/12345TE_truncated.useimport', new TextEncoder().encode(full.replace('#####', '')));
      writeFileSync(join(use, '12345TE_growing.useimport'), full.slice(0, 50));
      await worker.pollOnce();
      writeFileSync(join(use, '12345TE_growing.useimport'), full.slice(0, 150));
      await worker.pollOnce();
      expect(readdirSync(use).sort()).toEqual(['12345TE_growing.useimport', '12345TE_truncated.useimport']);
      const returned = readdirSync(join(sshd.root, 'return')).sort();
      expect(returned).toEqual([
        '12345TE_use_import_2022-06-01_1600.certificates.zip',
        '12345TE_use_import_2022-06-01_1600.smime-report.txt',
        '12345TE_use_import_2022-06-01_1600.sync-report.txt',
      ]);
      expect(readFileSync(join(sshd.root, 'return', returned[2] ?? ''), 'utf8')).toContain(
        'applied — 10 actions, 0 failed',
      );
      // The same name again: refused and reported.
      await up.write(`use/${USE_EXAMPLE}`, readFileSync(join(EXAMPLES, USE_EXAMPLE)));
      await worker.pollOnce();
      expect(readdirSync(use)).not.toContain(USE_EXAMPLE);
      const refused = readdirSync(join(sshd.root, 'return')).filter((f) => f.startsWith('12345TE_refused_'));
      expect(refused).toHaveLength(1);
    } finally {
      await up.close();
      await worker.stop(0);
      cleanup();
    }
  });

  test.each([
    [
      'a fingerprint of another key',
      () => `hostKeyFingerprint: "${sshd.otherFingerprint}"`,
      'SHARE_HOST_KEY_MISMATCH',
    ],
    [
      'a known_hosts file without the server',
      () => 'knownHostsFile: empty_known_hosts',
      'SHARE_HOST_KEY_UNKNOWN',
    ],
  ])(
    'an SFTP server whose host key is not pinned (%s) is refused; nothing is touched',
    async (_what, pin, code) => {
      const { worker, lines, cleanup } = await startWorker(pin());
      try {
        writeFileSync(join(sshd.root, 'use', '12345TE_x.useimport'), '#####\n');
        await worker.pollOnce();
        await worker.pollOnce();
        expect(readdirSync(join(sshd.root, 'use'))).toContain('12345TE_x.useimport');
        expect(lines.join('')).toContain(`"code":"${code}"`);
        const metrics = await worker.metrics.text();
        expect(metrics).toMatch(/usesync_failures_total\{tenant="12345TE",stage="poll"\} [1-9]/);
      } finally {
        await worker.stop(0);
        cleanup();
      }
    },
  );
});
