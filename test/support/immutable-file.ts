import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes a real file unwritable the way a failing disk does, with the filesystem's immutable
 * attribute (`chattr +i`): SQLite's writes into it fail with a disk I/O error, COMMIT included.
 * Needs root and a filesystem with the attribute (ext4, xfs, btrfs; not tmpfs), which the CI
 * machine has; `assertImmutableFilesWork` says so plainly where they are missing.
 */
export function setImmutable(path: string, immutable: boolean): void {
  execFileSync('chattr', [immutable ? '+i' : '-i', path]);
}

/** Throws a clear error when `folder`'s filesystem (or the user) cannot make a file immutable. */
export function assertImmutableFilesWork(folder: string): void {
  const probe = join(folder, 'immutable-probe');
  writeFileSync(probe, '');
  try {
    setImmutable(probe, true);
    setImmutable(probe, false);
  } catch (error) {
    throw new Error(`This test makes a file immutable with chattr +i, which needs root and ext4/xfs/btrfs under ${folder}: ${String(error)}`);
  } finally {
    if (existsSync(probe)) rmSync(probe);
  }
}

/** Runs `work` with `path` immutable, and makes it writable again whatever happens. */
export async function whileImmutable<T>(path: string, work: () => Promise<T>): Promise<T> {
  setImmutable(path, true);
  try {
    return await work();
  } finally {
    setImmutable(path, false);
  }
}
