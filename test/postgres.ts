/**
 * A throw-away PostgreSQL cluster for tests: `initdb` in a temporary directory, a server on a free loopback port,
 * a fresh database per caller, stopped and deleted at the end. Tests skip with `noPostgres` when the server binaries
 * are absent (Debian: `apt-get install postgresql`), so `npm test` passes on a machine without them.
 *
 * `initdb` refuses to run as root: as root the cluster is created and run as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The newest PostgreSQL server binaries: `PG_BIN`, else Debian's /usr/lib/postgresql/<version>/bin. */
function findBinaries(): string | null {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => join('/usr/lib/postgresql', v, 'bin'))
      : [];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

export const pgBin = findBinaries();

/** As root, the server binaries run as the `postgres` user (undefined: root, but no such user); else as ourselves. */
function findServerUser(): { uid: number; gid: number } | null | undefined {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

const serverUser = pgBin ? findServerUser() : null;

/** For `{ skip: noPostgres }`: false when a cluster can be started. */
export const noPostgres = !pgBin
  ? 'skipped: PostgreSQL server binaries not found (set PG_BIN or apt-get install postgresql)'
  : serverUser === undefined
    ? 'skipped: running as root, and initdb refuses root, but there is no postgres user to run it as'
    : false;

function run(binary: string, args: string[], asPostgres: boolean): void {
  const [command, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', join(pgBin!, binary), ...args]]
    : [join(pgBin!, binary), args];
  const result = spawnSync(command as string, argv as string[], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${binary} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface TestCluster {
  port: number;
  /** A new empty database on the cluster; its connection URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const running = new Set<() => void>();
// A test process that ends without calling stop() (a crash, a failed hook) still stops its servers.
process.once('exit', () => {
  for (const stop of running) stop();
});

/**
 * Start a small cluster (a few connections, little memory, no fsync: its data is thrown away). `settings` override
 * server settings (the PostgreSQL bench gives it more memory and fewer checkpoints than a test needs).
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<TestCluster> {
  if (noPostgres) throw new Error(noPostgres);
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-pg-'));
  const data = join(dir, 'data');
  const user = serverUser;
  if (user) {
    chmodSync(dir, 0o755);
    chownSync(dir, user.uid, user.gid);
  }
  const asPostgres = Boolean(user);
  run(
    'initdb',
    ['-D', data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync'],
    asPostgres,
  );
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const options = [
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c shared_buffers=16MB -c max_connections=40 -c max_wal_size=64MB',
      ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`),
    ].join(' ');
    try {
      run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'], asPostgres);
      break;
    } catch (err) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= 2) throw err;
    }
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    running.delete(stopNow);
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  running.add(stopNow);

  let databases = 0;
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      stopNow();
    },
  };
}
