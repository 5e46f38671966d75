import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { isLoopback, startServer } from '../../server/serve.ts';
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
      await withStore(command, async (store, config) => {
        const server = await startServer({ store, config, token, port, host: opts.host });
        const open = token ? `${server.url}?token=${encodeURIComponent(token)}` : server.url;
        process.stdout.write(`Triangulate workbench on ${open} (database ${config.db}); Ctrl-C stops it.\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
      });
    });
}
