import type SftpClient from 'ssh2-sftp-client';
import { printableName } from '../path-safety.js';
import { ShareError } from '../share.js';

/** The ssh2 SFTP session under an ssh2-sftp-client connection. */
export type SftpWrapper = Awaited<ReturnType<InstanceType<typeof SftpClient>['connect']>>;

const READ_CHUNK = 32_768;

/** `SHARE_NOT_A_FILE` for a read of something that is not a regular file. */
export function notAFile(path: string, what: string): ShareError {
  return new ShareError('SHARE_NOT_A_FILE', `Cannot read ${printableName(path)}: it is ${what}`);
}

/**
 * Opens `target` with a deadline, checks with `fstat` on the open handle that it is a regular
 * file, and reads it whole. The open is the step a FIFO would block on the server.
 */
export async function readRegularFile(
  sftp: SftpWrapper,
  target: string,
  path: string,
  timeoutMs: number,
  abandon: () => void,
): Promise<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  const opened = new Promise<Buffer>((resolve, reject) => {
    sftp.open(target, 'r', (e, h) => (e ? reject(e) : resolve(h)));
  });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandon();
      reject(
        notAFile(
          path,
          `not opened by the server within ${timeoutMs} ms (a FIFO?); the connection was dropped`,
        ),
      );
    }, timeoutMs);
  });
  let handle: Buffer;
  try {
    handle = await Promise.race([opened, deadline]);
  } finally {
    clearTimeout(timer);
  }
  try {
    const st = await new Promise<{ isFile(): boolean; isFIFO(): boolean; isDirectory(): boolean }>(
      (resolve, reject) => {
        sftp.fstat(handle, (e, s) => (e ? reject(e) : resolve(s)));
      },
    );
    if (!st.isFile())
      throw notAFile(
        path,
        st.isFIFO() ? 'a FIFO (never read)' : st.isDirectory() ? 'a directory' : 'not a regular file',
      );
    const chunks: Buffer[] = [];
    for (let pos = 0; ; ) {
      const buf = Buffer.alloc(READ_CHUNK);
      const n = await new Promise<number>((resolve, reject) => {
        sftp.read(handle, buf, 0, READ_CHUNK, pos, (e, bytesRead) => (e ? reject(e) : resolve(bytesRead)));
      });
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      pos += n;
    }
    const data = Buffer.concat(chunks);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } finally {
    await new Promise<void>((resolve) => sftp.close(handle, () => resolve()));
  }
}
