/**
 * Request/answer over the IPC channel of a forked child: the parent calls a named command with
 * a time limit, the child answers with a value or an error message. Used by bench.ts (parent)
 * and standins-server.ts and measured-server.ts (children).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Call = { id: number; command: string; args: unknown };
type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
/** The child's first message: it listens now. A call sent before could be lost unread. */
type Ready = { ready: true };

export type Handlers = Record<string, (args: never) => unknown>;

/** Child side: answers the parent's calls; exits when the parent goes away. */
export function answerCalls(handlers: Handlers): void {
  if (!process.send) throw new Error('bench server: run me with child_process.fork');
  const send = (answer: Answer) => process.send?.(answer);
  process.on('message', (message: Call) => {
    const handler = handlers[message.command] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`);
        return handler(message.args);
      })
      .then(
        (value) => send({ id: message.id, ok: true, value: value ?? null }),
        (error: unknown) =>
          send({
            id: message.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  // The parent died or let go of us: nothing else would ever stop this process.
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true } satisfies Ready);
}

export type ServerChild = {
  role: string;
  pid: number;
  call<T>(command: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to close and exit; kills it (by its pid) if it has not within the limit. */
  stop(timeoutMs?: number): Promise<void>;
  /** For the watchdog: ends the child now, by its pid. */
  kill(): void;
};

const BFF_DIR = fileURLToPath(new URL('..', import.meta.url));
const STANDINS_ENTRY = fileURLToPath(new URL('./standins-server.ts', import.meta.url));
const MEASURED_ENTRY = 'bench/measured-server.ts';
const MEASURED_BUNDLE = 'dist/bench/measured-server.js';

/** Bundles measured-server.ts with the production build (build.mjs), so the BFF runs as shipped. */
export function buildMeasuredServer(): void {
  execFileSync(
    process.execPath,
    ['build.mjs', '--entry', MEASURED_ENTRY, '--outfile', MEASURED_BUNDLE],
    { cwd: BFF_DIR, stdio: 'inherit' },
  );
}

/**
 * Forks a server process: the stand-ins under tsx; the BFF and the bare proxy from the bundle
 * buildMeasuredServer() made, with the flags production starts the BFF with (and any extra, e.g.
 * a CPU profile).
 */
export function startServerChild(
  role: 'standins' | 'bff' | 'proxy',
  nodeFlags: string[] = [],
): ServerChild {
  const [entry, execArgv] =
    role === 'standins'
      ? [STANDINS_ENTRY, ['--import', 'tsx', ...nodeFlags]]
      : [`${BFF_DIR}/${MEASURED_BUNDLE}`, ['--enable-source-maps', ...nodeFlags]];
  const child: ChildProcess = fork(entry, [role], {
    cwd: BFF_DIR,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited = false;
  // Node emits an IPC message that arrives before the child listens to nobody: on a busy machine
  // the child's module graph can take longer to load than the parent takes to send its first call.
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.on('message', (answer: Answer | Ready) => {
    if ('ready' in answer) {
      markReady();
      return;
    }
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.ok) waiting.resolve(answer.value);
    else waiting.reject(new Error(`[${role}] ${answer.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    markReady();
    for (const waiting of pending.values()) {
      waiting.reject(new Error(`[${role}] exited (${code ?? signal}) before answering`));
    }
    pending.clear();
  });

  return {
    role,
    pid: child.pid ?? -1,
    async call<T>(command: string, args: unknown = null, timeoutMs = 30_000): Promise<T> {
      await ready;
      if (exited) throw new Error(`[${role}] has exited`);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`[${role}] ${command}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, command, args } satisfies Call);
      });
    },
    async stop(timeoutMs = 10_000) {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: 0, command: 'exit', args: null } satisfies Call);
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, timeoutMs);
      await gone;
      clearTimeout(timer);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
