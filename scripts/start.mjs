// `npm start`: the whole stack on this machine, on embedded defaults.
// Ctrl-C stops the web server, the gateway and Postgres, in that order.
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { MigrationError } from './lib/migrate.mjs';
import { assertPortFree } from './lib/processes.mjs';
import { startMailbox } from './lib/mailbox.mjs';
import { startStack } from './lib/stack.mjs';
import { ensureWebBuild } from './lib/web-build.mjs';

const log = (line) => console.log(line);

async function main() {
  loadDotEnv();
  const config = loadConfig();
  const ports = [[config.gatewayPort, 'GATEWAY_PORT']];
  if (!config.databaseUrl) ports.push([config.pgPort, 'PG_PORT']);
  if (config.web) ports.push([config.webPort, 'WEB_PORT']);
  if (config.mpesaSimulator) ports.push([config.mpesaSimulatorPort, 'MPESA_SIMULATOR_PORT']);
  if (config.mailbox) ports.push([config.mailboxPort, 'MAILBOX_PORT']);
  for (const [port, variable] of ports) await assertPortFree(port, variable);

  if (config.web && !ensureWebBuild(log)) throw new Error('the web client failed to build (see above)');
  const stack = await startStack(config, { log });
  const mailbox = config.mailbox ? await startMailbox({ dir: config.mailDir, port: config.mailboxPort }) : null;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('\nstopping...');
    await mailbox?.close();
    await stack.stop();
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  log('');
  log(`  API       ${stack.apiUrl}/rest/v1/`);
  log(`  Functions ${stack.apiUrl}/functions/v1/`);
  if (stack.webUrl) log(`  Web       ${stack.webUrl}`);
  if (mailbox) log(`  Mailbox   ${mailbox.url} (the mails under ${config.mailDir}; loopback only)`);
  if (stack.mpesaSimulatorUrl) log(`  M-Pesa    ${stack.mpesaSimulatorUrl} (the Daraja simulator; MPESA_ENV=sandbox|production for Safaricom)`);
  log(`  Database  postgres://postgres:***@127.0.0.1:${config.pgPort}/postgres (password in ${config.dataDir}/secrets.json)`);
  log(`  anon key  ${stack.anonKey}`);
  log('');
  log('Ready. Press Ctrl-C to stop.');
}

main().catch((err) => {
  // One line a person can act on; no stack trace for expected failures.
  const message = err instanceof MigrationError || err instanceof Error ? err.message : String(err);
  console.error(`npm start: ${message}`);
  process.exit(1);
});
