// Child processes of the stack: started with a piped stdin so that they exit
// when the launcher dies, even by SIGKILL (they watch for end of input), and
// stopped with SIGTERM and a deadline.
import { spawn } from 'node:child_process';
import net from 'node:net';

/** Starts a child whose output lines are prefixed with its name. */
export function startChild(name, command, args, { env, cwd, log = console.log } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const relay = (stream) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) if (line.trim()) log(`${name}: ${line}`);
    });
  };
  relay(child.stdout);
  relay(child.stderr);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/** Stops a child with SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Resolves when `url` answers HTTP at all; rejects if the child exits or time runs out. */
export async function waitForHttp(url, child, { timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child?.exited.then((r) => (exited = r));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`exited with ${exited.code ?? exited.signal} before answering at ${url}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`did not answer at ${url} within ${timeoutMs / 1000}s`);
}

/** Rejects with a one-line message naming the port and the variable that moves it. */
export function assertPortFree(port, variable, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} is already in use; set ${variable} to another port`
            : `port ${port} cannot be used (${err.code}); set ${variable} to another port`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(resolve));
  });
}

/** A free TCP port chosen by the OS, for throwaway test stacks. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
