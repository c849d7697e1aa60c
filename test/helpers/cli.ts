import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/cityloop.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cityloop ARGS` as a person would, in a process of its own, with `env` on top of a clean
 * environment (no DATABASE_URL from the caller) and `input` on stdin.
 */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _omit, ...base } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export interface CliServer {
  url: string;
  /** What the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** `cityloop serve` in a process of its own on a free port; resolves once it prints its address. */
export function startCliServer(env: Record<string, string>, args: string[] = []): Promise<CliServer> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _omit, ...base } = process.env;
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: { ...base, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let started = false;
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m && !started) {
        started = true;
        resolve({
          url: m[1]!.replace('localhost', '127.0.0.1'),
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('close', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      if (!started) reject(new Error(`cityloop serve exited with ${code}:\n${out}`));
    });
  });
}
