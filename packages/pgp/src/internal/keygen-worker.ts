// The body of a key generation worker thread: one task at a time, answered by id.
import { parentPort } from 'node:worker_threads';
import { UsesyncError } from '@usesync/domain';
import { generateRaw } from './generate-core.js';
import type { KeygenReply, KeygenTask } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('Cannot start the key generation worker: not in a worker thread');

port.on('message', (task: KeygenTask) => {
  void run(task).then((reply) => port.postMessage(reply));
});

async function run(task: KeygenTask): Promise<KeygenReply> {
  try {
    return { id: task.id, ok: true, key: await generateRaw(task.request, task.policy, task.source) };
  } catch (err) {
    // Messages are built by generateRaw from the address and openpgp's reason: no key material.
    return {
      id: task.id,
      ok: false,
      code: err instanceof UsesyncError ? err.code : 'PGP_GENERATE_FAILED',
      message: err instanceof Error ? err.message : `Cannot generate a PGP key for ${task.request.address}`,
    };
  }
}
