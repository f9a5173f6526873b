import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type Peer, startPeer } from '../../../packages/mailer/test/smtp-peer.js';
import { fastTenant } from './apply-helpers.js';
import { examples, run, tempDir } from './helpers.js';

const USE = `${examples}12345TE_use_import_2022-06-01_1600.useimport`;

describe('usesync apply --config worker.yaml', () => {
  let peer: Peer | undefined;
  afterEach(async () => {
    await peer?.stop();
  });

  test('sends the reports by SMTP exactly as the worker would, from its data directory', async () => {
    peer = await startPeer({ auth: { user: 'usesync', pass: 'smtp-s3cret' } });
    const { data } = await fastTenant((y) => y.replace('  report: []', '  report: ["it-admin@company.com"]'));
    const dir = tempDir('usesync-settings-');
    writeFileSync(join(dir, 'smtp-password'), 'smtp-s3cret\n', { mode: 0o600 });
    const settings = join(dir, 'worker.yaml');
    writeFileSync(
      settings,
      [
        `dataDir: ${JSON.stringify(data)}`,
        'mail:',
        '  from: usesync@provider.example',
        'smtp:',
        '  host: 127.0.0.1',
        `  port: ${peer.port}`,
        '  requireTLS: false # the loopback test peer speaks plain SMTP',
        '  user: usesync',
        '  password: { file: smtp-password }',
        '',
      ].join('\n'),
    );
    const r = await run(['apply', '--config', settings, USE], {});
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/mail: 1 message\(s\) sent by SMTP$/m);
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]).toMatchObject({
      from: 'usesync@provider.example',
      rcptTo: ['it-admin@company.com'],
      user: 'usesync',
    });
    expect(peer.received[0]?.raw.toString('utf8')).not.toContain('smtp-s3cret');
    expect(readdirSync(data)).not.toContain('outbox');
  });

  test('an invalid settings file is a usage error naming the line', async () => {
    const dir = tempDir('usesync-settings-');
    const settings = join(dir, 'worker.yaml');
    writeFileSync(settings, 'dataDir: x\nsmtp:\n  hots: a\n');
    const r = await run(['apply', '--config', settings, USE], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/worker\.yaml:3:\d+: smtp\.hots/);
  });
});
