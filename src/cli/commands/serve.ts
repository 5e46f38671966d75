import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import { isLoopback, startServer } from '../../server/serve.ts';
import type { Store } from '../../store/store.ts';
import { Watcher } from '../../watch/watcher.ts';
import { withStore } from '../context.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web workbench and the JSON API (/api/openapi.json) from the database')
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to listen on; anything but loopback needs --token', '127.0.0.1')
    .option('--token <token>', 'require this token on every request (env TRIANGULATE_TOKEN)')
    .option('--watch', 'also poll the watch list while serving (as `triangulate watch`)')
    .action(async (opts: { port: string; host: string; token?: string; watch?: boolean }, command: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes 0..65535');
      const token = opts.token ?? process.env.TRIANGULATE_TOKEN ?? null;
      if (token !== null && token.length < 16) throw new UsageError('the token must be at least 16 characters long');
      if (!token && !isLoopback(opts.host)) {
        throw new UsageError(`listening on ${opts.host} needs --token (or TRIANGULATE_TOKEN): others could reach it`);
      }
      await withStore(command, (store, config) =>
        serveUntilStopped(store, config, { token, port, host: opts.host, watch: Boolean(opts.watch) }),
      );
    });
}

/** Serve the workbench until Ctrl-C or SIGTERM (used by `serve` and `demo --serve`), optionally watching sources. */
export async function serveUntilStopped(
  store: Store,
  config: Readonly<Config>,
  options: { token: string | null; port: number; host: string; watch?: boolean },
): Promise<void> {
  const { watch, ...listen } = options;
  const server = await startServer({ store, config, db: config.db, ...listen });
  const open = listen.token ? `${server.url}?token=${encodeURIComponent(listen.token)}` : server.url;
  process.stdout.write(`Triangulate workbench on ${open} (database ${config.db}); Ctrl-C stops it.\n`);
  const stop = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const onSignal = () => {
      stop.abort();
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // The same watcher as `triangulate watch`: a stop lets the poll in progress finish or abandons it cleanly.
  const watching = watch
    ? new Watcher({ store, config, log: (line) => process.stderr.write(`watch: ${line}\n`) }).run({
        signal: stop.signal,
      })
    : null;
  if (watch) process.stderr.write('watch: polling the watch list while serving\n');
  await stopped;
  await watching;
  await server.close();
}
