/**
 * Start-up as a user sees it: `npm start` in a child process (its own process group) with a fresh data
 * directory and free ports, timed from spawn until the API answers `GET /openapi.json`, then stopped with
 * SIGTERM to the whole group (npm, tsx, node and the JVM) and SIGKILL if it lingers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Result of {@link measureNpmStart}. */
export interface NpmStartStartup {
  /** Spawn → first 200 from GET /openapi.json. */
  readonly readyMs: number;
  /** What the runtime itself printed ("ready in … s"), when found. */
  readonly reportedReadyMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `npm start` once and measures when it serves the API.
 *
 * @example
 * const { readyMs } = await measureNpmStart('/work/main'); // e.g. 9800
 */
export async function measureNpmStart(projectRoot: string, timeoutMs = 60_000): Promise<NpmStartStartup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradeflow-bench-start-'));
  const [port, sesPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRADEFLOW_DATA_DIR: dataDir, PORT: String(port), SES_PORT: String(sesPort) },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = started + timeoutMs;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/openapi.json`, { signal: AbortSignal.timeout(1_000) });
        if (res.status === 200) {
          await res.arrayBuffer();
          const readyMs = Math.round(performance.now() - started);
          const reported = /ready in ([\d.]+) s/.exec(output)?.[1];
          return { readyMs, ...(reported ? { reportedReadyMs: Math.round(Number(reported) * 1000) } : {}) };
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`npm start did not answer GET /openapi.json within ${timeoutMs} ms:\n${output.slice(-2000)}`);
  } finally {
    if (child.exitCode === null && child.pid) {
      const group = -child.pid;
      try { process.kill(group, 'SIGTERM'); } catch { /* already gone */ }
      const force = setTimeout(() => { try { process.kill(group, 'SIGKILL'); } catch { /* gone */ } }, 5_000);
      await exited;
      clearTimeout(force);
      // npm may exit before its grandchildren: make sure nothing of the group is left.
      await new Promise((resolve) => setTimeout(resolve, 300));
      try { process.kill(group, 'SIGKILL'); } catch { /* all gone, as expected */ }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
