import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import { isLoopback, startServer } from '../../server/serve.ts';
import type { Store } from '../../store/store.ts';
import { withStore } from '../context.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web workbench and the JSON API (/api/openapi.json) from the database')
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to listen on; anything but loopback needs --token', '127.0.0.1')
    .option('--token <token>', 'require this token on every request (env TRIANGULATE_TOKEN)')
    .action(async (opts: { port: string; host: string; token?: string }, command: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes 0..65535');
      const token = opts.token ?? process.env.TRIANGULATE_TOKEN ?? null;
      if (token !== null && token.length < 16) throw new UsageError('the token must be at least 16 characters long');
      if (!token && !isLoopback(opts.host)) {
        throw new UsageError(`listening on ${opts.host} needs --token (or TRIANGULATE_TOKEN): others could reach it`);
      }
      await withStore(command, (store, config) => serveUntilStopped(store, config, { token, port, host: opts.host }));
    });
}

/** Serve the workbench until Ctrl-C or SIGTERM (used by `serve` and `demo --serve`). */
export async function serveUntilStopped(
  store: Store,
  config: Readonly<Config>,
  options: { token: string | null; port: number; host: string },
): Promise<void> {
  const server = await startServer({ store, config, ...options });
  const open = options.token ? `${server.url}?token=${encodeURIComponent(options.token)}` : server.url;
  process.stdout.write(`Triangulate workbench on ${open} (database ${config.db}); Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}
