/**
 * The container image, without a container engine (none runs where these tests run): the
 * production artefact built as the Dockerfile builds it (build.mjs, then `pnpm deploy --prod`),
 * laid out as the image lays it out, started with the image's command, environment and a
 * settings file as compose.yaml gives them, and asked for its health and the SPA. The Dockerfile
 * and compose.yaml are read, not copied, so a change to either that this test does not follow
 * fails it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigFieldsSchema, FILE_SETTINGS } from '../src/config/config';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The runtime (last) stage of the Dockerfile: its base, env, workdir, user, command, probe. */
function runtimeStage(dockerfile: string) {
  const lines = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = Object.fromEntries(
    lines
      .filter((line) => line.startsWith('ARG ') && line.includes('='))
      .map((line) => line.slice(4).split('=') as [string, string]),
  );
  const stage = lines.slice(lines.findLastIndex((line) => line.startsWith('FROM ')));
  const instruction = (name: string) =>
    stage.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));
  const env = Object.fromEntries(
    instruction('ENV').flatMap((line) =>
      [...line.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((match) => [match[1]!, match[2]!]),
    ),
  );
  const from = instruction('FROM')[0]!
    .replace(/ AS \S+$/i, '')
    .replace(/\$\{(\w+)\}/g, (_, name: string) => args[name]!);
  const healthcheck = instruction('HEALTHCHECK')[0] ?? '';
  return {
    from,
    env,
    workdir: instruction('WORKDIR').at(-1)!,
    user: instruction('USER').at(-1),
    cmd: z.array(z.string()).parse(JSON.parse(instruction('CMD').at(-1)!)),
    healthPath: /\/health\/[a-z]+/.exec(healthcheck)?.[0],
  };
}

const ComposeService = z.object({
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  configs: z.array(z.object({ source: z.string(), target: z.string() })).optional(),
  secrets: z.array(z.string()).optional(),
  image: z.string().optional(),
  volumes: z.array(z.string()).optional(),
});
const Compose = z.object({
  services: z.record(z.string(), ComposeService),
  configs: z.record(z.string(), z.object({ file: z.string() })).optional(),
  secrets: z.record(z.string(), z.object({ file: z.string() })),
});

const image = runtimeStage(read('Dockerfile'));
const compose = Compose.parse(load(read('compose.yaml')));
const bffServices = Object.entries(compose.services).filter(([name]) => name.startsWith('bff'));
const caddyfile = read('deploy/compose/Caddyfile');

describe('the Dockerfile and compose.yaml agree', () => {
  it('the image: Node 24, not root, the SPA where WEB_DIST_DIR says, listening on every address', () => {
    expect(image.from).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    expect(image.user).toBe('node');
    expect(image.env).toMatchObject({ HOST: '0.0.0.0', NODE_ENV: 'production' });
    expect(image.env.WEB_DIST_DIR).toMatch(/^\//);
    expect(image.cmd.at(-1)).toBe('dist/main.js');
    expect(image.healthPath).toBe('/health/live');
  });

  it('two BFF instances, each running the image command with a settings file it mounts', () => {
    expect(bffServices.map(([name]) => name)).toEqual(['bff-1', 'bff-2']);
    for (const [name, service] of bffServices) {
      const envFile = service.configs?.find((config) => config.target.endsWith('.env'));
      expect(envFile, name).toBeDefined();
      expect(compose.configs?.[envFile!.source], name).toBeDefined();
      expect(service.command, name).toEqual([
        ...image.cmd.slice(0, -1),
        `--env-file=${envFile!.target}`,
        image.cmd.at(-1),
      ]);
    }
  });

  it('sets only settings the BFF knows, and each file it names is a secret it mounts', () => {
    const known = [
      ...Object.keys(ConfigFieldsSchema.shape),
      ...Object.keys(FILE_SETTINGS),
      'NODE_EXTRA_CA_CERTS',
    ];
    for (const [name, service] of bffServices) {
      for (const [setting, value] of Object.entries(service.environment ?? {})) {
        expect(known, `${name}: ${setting}`).toContain(setting);
        if (!setting.endsWith('_FILE') && setting !== 'NODE_EXTRA_CA_CERTS') continue;
        const secret = /^\/run\/secrets\/(.+)$/.exec(value)?.[1];
        expect(service.secrets, `${name}: ${setting}`).toContain(secret);
        expect(compose.secrets[secret!], secret).toBeDefined();
      }
    }
  });

  it("the proxy sends to every instance on the image's port, and probes a health endpoint", () => {
    for (const [name] of bffServices) expect(caddyfile).toContain(`${name}:${image.env.PORT}`);
    expect(caddyfile).toMatch(/health_uri \/health\/(live|ready)\n/);
  });
});

/** What the image holds, laid out under `into` as under `/` in the image. */
function buildAsTheImageDoes(into: string) {
  const bffDir = join(root, 'bff');
  const run = (command: string, args: string[], cwd: string) => {
    const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${args.join(' ')}:\n${result.stdout}${result.stderr}`);
  };
  run(process.execPath, ['build.mjs'], bffDir);
  const deploy = join(into, 'deploy');
  run(
    process.execPath,
    [
      join(root, 'scripts/pnpm.mjs'),
      '--config.inject-workspace-packages=true',
      '--filter',
      '@ers/bff',
      'deploy',
      '--prod',
      '--offline',
      deploy,
    ],
    root,
  );
  const workdir = join(into, image.workdir);
  mkdirSync(workdir, { recursive: true });
  renameSync(join(deploy, 'node_modules'), join(workdir, 'node_modules'));
  cpSync(join(deploy, 'package.json'), join(workdir, 'package.json'));
  cpSync(join(bffDir, 'dist'), join(workdir, 'dist'), { recursive: true });
  rmSync(deploy, { recursive: true, force: true });

  // The SPA as built, when it is (npm test builds it after these tests); else a page of our own:
  // what is tested here is that the image's WEB_DIST_DIR serves it, not the SPA's build.
  const webDist = join(into, image.env.WEB_DIST_DIR!);
  if (existsSync(join(root, 'web/dist/index.html'))) {
    cpSync(join(root, 'web/dist'), webDist, { recursive: true });
  } else {
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>e-RS</title>\n');
  }
  return { workdir, indexHtml: readFileSync(join(webDist, 'index.html'), 'utf8') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the production start command', () => {
  const into = mkdtempSync(join(tmpdir(), 'ers-image-'));
  /** A path in the image, under `into` here. */
  const inImage = (path: string) => join(into, path);
  const [, service] = bffServices[0]!;
  let child: ChildProcess;
  let output = '';
  let origin: string;
  let indexHtml: string;
  const exited = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  beforeAll(async () => {
    const built = buildAsTheImageDoes(into);
    indexHtml = built.indexHtml;

    // The settings file compose mounts: .env.example as a supplier copies it.
    const envFile = service.command!.find((arg) => arg.startsWith('--env-file='))!.slice(11);
    mkdirSync(dirname(inImage(envFile)), { recursive: true });
    cpSync(join(root, '.env.example'), inImage(envFile));
    // The secrets compose mounts, with what make-secrets.sh would put in them.
    const secrets: Record<string, string> = {
      SIGNING_KEY_FILE: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      SESSION_ENCRYPTION_KEY_FILE: `${randomBytes(32).toString('base64url')}\n`,
    };
    const environment: Record<string, string> = {};
    for (const [setting, contents] of Object.entries(secrets)) {
      const path = service.environment![setting]!;
      mkdirSync(dirname(inImage(path)), { recursive: true });
      writeFileSync(inImage(path), contents, { mode: 0o600 });
      environment[setting] = inImage(path);
    }

    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const [node, ...args] = service.command!;
    expect(node).toBe('node');
    child = spawn(
      process.execPath,
      args.map((arg) =>
        arg.replace(/^--env-file=(.*)$/, (_, path: string) => `--env-file=${inImage(path)}`),
      ),
      {
        cwd: built.workdir,
        env: {
          PATH: process.env.PATH,
          ...image.env,
          WEB_DIST_DIR: inImage(image.env.WEB_DIST_DIR!),
          // Not the image's 3000: other tests on this machine may hold it.
          PORT: String(port),
          ...environment,
          // No Valkey here (REDIS_URL_FILE): sessions in memory. And a CIS2 that refuses at
          // once, so readiness answers without reaching NHS.
          CIS2_ISSUER: 'https://127.0.0.1:1/openam/oauth2/realms/root/realms/NHSIdentity',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!output.includes('BFF listening')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the BFF did not start (exit ${child.exitCode}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited();
    }
    rmSync(into, { recursive: true, force: true });
  });

  it("answers the image's health check", async () => {
    const response = await fetch(`${origin}${image.healthPath}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it("answers the proxy's readiness probe (not ready: CIS2 does not answer here)", async () => {
    const path = /health_uri (\S+)/.exec(caddyfile)![1]!;
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', store: true });
  });

  it('serves the SPA from WEB_DIST_DIR', async () => {
    const response = await fetch(`${origin}/referrals/000000070000`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(indexHtml);
  });

  it('took the signing key from its file: the JWKS publishes it under the id the settings file gives', async () => {
    const jwks = (await (await fetch(`${origin}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    const kid = /^SIGNING_KEY_ID=(.*)$/m.exec(read('.env.example'))![1];
    expect(jwks.keys.map((key) => key.kid)).toContain(kid);
  });

  it('stops cleanly on SIGTERM, as the container engine stops it', async () => {
    child.kill('SIGTERM');
    expect(await exited()).toBe(0);
  });
});
