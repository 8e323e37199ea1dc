import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * The embedded database (PGlite) keeps its pages in the memory of the process that opened it and
 * writes them back later. A second process on the same data folder reads an old state and writes its
 * own — the first never sees the second's rows (a sign-in link printed by `quartier user login-link`
 * next to a running server was unknown to it) and each can overwrite the other's pages. So one
 * process holds the folder at a time: a lock file beside `pgdata/` says which.
 */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  /** What holds it: "server" or the command, e.g. "user login-link". */
  purpose: string;
  startedAt: string;
  /** The holder's BASE_URL, for the message ("the server at …"). */
  baseUrl?: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: DataDirLockHolder,
    /** Who was refused: "server" or the command. */
    opener: string,
  ) {
    const who = holder.purpose === 'server' ? 'a running Quartier server' : `"quartier ${holder.purpose}"`;
    const where =
      holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
    const app = holder.purpose === 'server' && holder.baseUrl ? holder.baseUrl : 'the running app';
    const lines = [
      `The embedded database in ${lockFile.replace(/\.lock$/, '')} is in use by ${who} (${where}, since ${holder.startedAt}).`,
      'It can be opened by one process at a time, so nothing was changed.',
    ];
    if (opener === 'server') lines.push('Stop that process first, or give this one its own DATA_DIR.');
    else if (opener === 'user login-link')
      lines.push(
        `Stop the server (Ctrl+C) and run the command again, or ask for a sign-in link by e-mail at ${app === 'the running app' ? app : `${app}/login/magic`} (without SMTP the mail waits in Administration → Outbox, which an administrator can read).`,
      );
    else
      lines.push(
        `Stop the server (Ctrl+C) and run the command again, or do it on the staff screens of ${app}.`,
      );
    lines.push(
      `With a PostgreSQL server (DATABASE_URL) commands run alongside the web app. A lock left by a crashed process is taken over by itself (${lockFile}).`,
    );
    super(lines.join('\n'));
  }
}

/** Locks held by this process (a second open in the same process is refused too). */
const heldHere = new Set<string>();

/** How long a lock from another host counts without its heartbeat (its process cannot be asked). */
const FOREIGN_STALE_MS = 60_000;
const HEARTBEAT_MS = 15_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): { holder: DataDirLockHolder; mtimeMs: number } | null {
  try {
    const text = readFileSync(file, 'utf8');
    const holder = JSON.parse(text) as DataDirLockHolder;
    if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return null;
    return { holder, mtimeMs: statSync(file).mtimeMs };
  } catch {
    return null;
  }
}

/** Whether the recorded holder still runs: on this host its process is asked; elsewhere its heartbeat counts. */
function holderRuns(
  file: string,
  found: { holder: DataDirLockHolder; mtimeMs: number },
  now: number,
): boolean {
  const { holder, mtimeMs } = found;
  if (holder.host !== hostname()) return now - mtimeMs < FOREIGN_STALE_MS;
  if (holder.pid === process.pid) return heldHere.has(file);
  return alive(holder.pid);
}

export interface DataDirLock {
  file: string;
  release(): void;
}

/**
 * Takes the lock file `file` for this process, or throws DataDirInUseError naming the holder. A lock
 * left by a process that no longer runs (a crash, a killed container) is taken over.
 */
export function lockDataDir(file: string, info: { purpose: string; baseUrl?: string }): DataDirLock {
  const me: DataDirLockHolder = {
    pid: process.pid,
    host: hostname(),
    purpose: info.purpose,
    startedAt: new Date().toISOString(),
    baseUrl: info.baseUrl,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const found = readHolder(file);
      // A lock file being written this instant reads empty: try again.
      if (found && holderRuns(file, found, Date.now()))
        throw new DataDirInUseError(file, found.holder, info.purpose);
      if (!found && attempt === 0) {
        sleepSync(50);
        continue;
      }
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    heldHere.add(file);
    // The heartbeat tells another host sharing the folder that the holder still runs.
    const beat = setInterval(() => {
      try {
        const t = new Date();
        utimesSync(file, t, t);
      } catch {
        // The folder went away; nothing to keep alive.
      }
    }, HEARTBEAT_MS);
    beat.unref();
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        clearInterval(beat);
        heldHere.delete(file);
        const current = readHolder(file);
        if (current && current.holder.pid === me.pid && current.holder.startedAt === me.startedAt)
          rmSync(file, { force: true });
      },
    };
  }
  const found = readHolder(file);
  if (found) throw new DataDirInUseError(file, found.holder, info.purpose);
  throw new Error(`Could not take the lock ${file}`);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
