#!/usr/bin/env node
// A by-hand check of `npm run dev` (not part of `npm test`: it edits files and waits on file
// watchers). Starts it, signs in through the CIS2 stand-in via Vite's origin, opens a referral,
// then edits a web file (Vite must push the change over its HMR socket) and a BFF file (tsx
// watch must restart the BFF, which forgets its in-memory sessions), restoring both.
//
//   node scripts/dev-smoke.mjs            (ports from WEB_DEV_PORT, PORT, CIS2_STANDIN_PORT, APIM_STANDIN_PORT)
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { useNode24 } from './node-version.mjs';

// Node 24's WebSocket client talks to Vite's HMR socket.
await useNode24();
await main();

async function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const origin = `http://localhost:${process.env.WEB_DEV_PORT ?? '5173'}`;
  const webFile = `${root}web/src/components/page-layout.tsx`;
  const bffFile = `${root}bff/src/app.ts`;
  const originals = new Map();

  let output = '';
  const dev = spawn(process.execPath, [`${root}scripts/dev.mjs`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout.on('data', (chunk) => (output += chunk));
  dev.stderr.on('data', (chunk) => (output += chunk));
  const starts = () => output.split('Press Ctrl+C to stop.').length - 1;
  const check = (ok, what) => {
    if (!ok) throw new Error(`${what}\n--- npm run dev printed:\n${output}`);
    console.log(`ok  ${what}`);
  };

  const edit = async (file) => {
    const original = await readFile(file, 'utf8');
    originals.set(file, original);
    await writeFile(file, `${original}// dev-smoke ${Date.now()}\n`);
  };

  const started = Date.now();
  try {
    await until(() => starts() === 1 && output.includes('ready in'), 90_000, 'dev servers start');
    check(true, `npm run dev is up in ${Date.now() - started} ms`);
    check(
      output.split('\n').every((line) => !/warn/i.test(line)),
      'no warnings printed',
    );

    const jar = new Map();
    const signedIn = await signIn(origin, jar, '555032006106');
    check(
      signedIn.status === 200 &&
        signedIn.url.startsWith(`${origin}/`) &&
        !signedIn.url.startsWith(`${origin}/bff/`),
      `signed in through the CIS2 stand-in, back at ${signedIn.url}`,
    );
    const user = await get(`${origin}/bff/user`, jar);
    check(
      user.status === 200 && user.body.includes('Priya Shah'),
      'GET /bff/user through Vite: 200, Dr Priya Shah',
    );
    const referral = await get(`${origin}/api/referrals/000000070000`, jar);
    check(referral.status === 200, 'GET /api/referrals/000000070000 through Vite: 200');

    // The web edit: Vite pushes an update (or a reload) to a connected client.
    const client = await (await fetch(`${origin}/@vite/client`)).text();
    const token = /wsToken = "([^"]+)"/.exec(client)?.[1] ?? '';
    await fetch(`${origin}/src/components/page-layout.tsx`); // into Vite's module graph
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/?token=${token}`, 'vite-hmr');
    const pushed = [];
    socket.addEventListener('message', (event) => pushed.push(JSON.parse(String(event.data))));
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', reject);
    });
    const editedAt = Date.now();
    await edit(webFile);
    await until(
      () => pushed.some((message) => ['update', 'full-reload'].includes(message.type)),
      15_000,
      'Vite pushes the web change',
    );
    const message = pushed.find((m) => ['update', 'full-reload'].includes(m.type));
    check(
      true,
      `web edit pushed over HMR in ${Date.now() - editedAt} ms (${message.type}: ${JSON.stringify(message.updates?.map((u) => u.path) ?? message.path ?? '')})`,
    );
    socket.close();

    // The BFF edit: tsx watch restarts the BFF, which prints its block again.
    const bffEditedAt = Date.now();
    await edit(bffFile);
    await until(() => starts() === 2, 60_000, 'the BFF restarts');
    check(true, `BFF edit restarted the BFF in ${Date.now() - bffEditedAt} ms`);
    const after = await get(`${origin}/bff/user`, jar);
    check(
      after.status === 401,
      `the restarted BFF forgot the in-memory session: /bff/user ${after.status}`,
    );
  } finally {
    for (const [file, original] of originals) await writeFile(file, original);
    process.kill(-dev.pid, 'SIGTERM');
  }
}

async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A request with the cookies `jar` holds for the URL's host (paths ignored: enough here). */
async function request(url, jar, init = {}) {
  const host = new URL(url).host;
  const cookies = jar.get(host) ?? new Map();
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: {
      ...init.headers,
      'X-CSRF': '1',
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    },
  });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = pair.split('=');
    cookies.set(name.trim(), value.join('='));
  }
  jar.set(host, cookies);
  return response;
}

async function get(url, jar) {
  const response = await request(url, jar);
  return { status: response.status, body: await response.text() };
}

/** Follows redirects as a browser would, POSTing the persona picker's form for `uid`. */
async function signIn(origin, jar, uid) {
  let url = `${origin}/bff/login`;
  let init = {};
  for (let hop = 0; hop < 20; hop++) {
    const response = await request(url, jar, init);
    init = {};
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const body = await response.text();
    const action = /action="([^"]+\/login)"/.exec(body)?.[1];
    if (!action || response.status !== 200 || url.startsWith(origin))
      return { url, status: response.status };
    url = new URL(action, url).toString();
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ uid }),
    };
  }
  throw new Error('too many redirects signing in');
}
