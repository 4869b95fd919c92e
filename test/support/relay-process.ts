/**
 * The relay as its own process (`relay/src/cli.ts` under tsx), as deployed: for tests and
 * benchmarks that kill it (`kill -9`), run two of them, or measure its CPU. Resolves with the
 * URL it prints once listening; rejects if it exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export function spawnRelayProcess(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/src/cli.ts', '--port', '0', '--log-level', 'error', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /relay listening on (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`relay exited early (${code}): ${out}`)));
  });
}
