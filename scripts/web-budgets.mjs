#!/usr/bin/env node
// Size budgets for the built SPA (web/dist, after `vite build`), in gzip bytes:
//
//   initial JS  the entry chunk and every chunk it imports statically (what index.html loads
//               and modulepreloads before anything renders)      <= 100 KB
//   lazy JS     each other chunk: route modules and the shared chunks they load <= 30 KB each
//   CSS         every stylesheet                                 <= 25 KB
//
// Also checks that the framework chunk starts with V8's compile hint (web/vite.config.ts): a
// bundler upgrade that dropped it would leave every figure here the same and the referral
// slower to draw on Chromium.
//
// Prints each figure, and for each route the extra JS its first visit downloads (for reading,
// not a budget). Exits 1 when a budget is exceeded, 2 when there is no build to measure.
// A size check, not a timing one: the same build always gives the same figures.
//
//   node scripts/web-budgets.mjs [distDir]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KB = 1024;
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
export const BUDGETS = { initialJs: 100 * KB, lazyChunk: 30 * KB, css: 25 * KB };

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.argv[2] ?? join(root, 'web', 'dist');

function gzipSize(file) {
  return gzipSync(readFileSync(file)).length;
}

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

/** `./x.js` / `/assets/x.js` / `assets/x.js` as seen from a chunk in assets/: the file name. */
const chunkName = (specifier) => basename(specifier);

/** Static imports of a built chunk (Rolldown's minified `import{…}from"./x.js"` / `import"./x.js"`). */
function staticImports(code) {
  const found = new Set();
  for (const match of code.matchAll(
    /\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g,
  ))
    found.add(chunkName(match[1]));
  return found;
}

/** Chunks a built chunk loads on demand: `import("./x.js")` and Vite's preload lists. */
function dynamicImports(code) {
  const found = new Set();
  for (const match of code.matchAll(/\bimport\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g))
    found.add(chunkName(match[1]));
  for (const match of code.matchAll(/["'](?:\/?assets\/)([^"'/]+\.js)["']/g)) found.add(match[1]);
  return found;
}

/** The route module a chunk holds (from its source map), e.g. `routes/referral`, or null. */
function routeOf(file) {
  const map = `${file}.map`;
  if (!existsSync(map)) return null;
  const { sources = [] } = JSON.parse(readFileSync(map, 'utf8'));
  const route = sources.find((source) => /src\/app\/routes\/[^/]+\.tsx?$/.test(source));
  return route ? route.replace(/^.*src\/app\//, '').replace(/\.tsx?$/, '') : null;
}

export function measure(distDir) {
  const assets = join(distDir, 'assets');
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entry = html.match(/<script[^>]+type="module"[^>]+src="([^"]+\.js)"/)?.[1];
  if (!entry) throw new Error('index.html has no module script');

  const files = readdirSync(assets);
  const js = files.filter((file) => file.endsWith('.js'));
  const css = files.filter((file) => file.endsWith('.css'));
  const code = new Map(js.map((file) => [file, readFileSync(join(assets, file), 'utf8')]));
  const size = new Map(js.map((file) => [file, gzipSize(join(assets, file))]));

  /** A chunk and everything it imports statically, transitively. */
  function closure(start) {
    const seen = new Set();
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.pop();
      if (seen.has(file) || !code.has(file)) continue;
      seen.add(file);
      for (const next of staticImports(code.get(file))) queue.push(next);
    }
    return seen;
  }

  const initial = closure(chunkName(entry));
  // Cross-check with what Vite itself preloads for the entry.
  const preloaded = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map(
    (match) => chunkName(match[1]),
  );
  for (const file of preloaded) initial.add(file);

  const lazy = js.filter((file) => !initial.has(file));
  const routes = [];
  for (const file of js) {
    const route = routeOf(join(assets, file));
    if (!route) continue;
    const extra = [...closure(file)].filter((chunk) => !initial.has(chunk));
    routes.push({ route, file, extra: extra.reduce((sum, chunk) => sum + size.get(chunk), 0) });
  }
  // Chunks nothing reaches (a route chunk lost its loader?) would not be measured as lazy: say so.
  const reachable = new Set(initial);
  for (const file of initial)
    for (const next of dynamicImports(code.get(file))) reachable.add(next);

  return {
    initial: [...initial].map((file) => ({ file, gzip: size.get(file) ?? 0 })),
    lazy: lazy.map((file) => ({ file, gzip: size.get(file), route: routeOf(join(assets, file)) })),
    css: css.map((file) => ({ file, gzip: gzipSize(join(assets, file)) })),
    routes: routes.sort((a, b) => a.route.localeCompare(b.route)),
    unreachable: lazy.filter((file) => !reachable.has(file)),
    framework: [...initial]
      .filter((file) => file.startsWith('framework-'))
      .map((file) => ({ file, compileHint: code.get(file)?.startsWith(COMPILE_HINT) ?? false })),
  };
}

function report(distDir) {
  const result = measure(distDir);
  const failures = [];
  const line = (label, bytes, budget) => {
    const over = budget !== undefined && bytes > budget;
    if (over) failures.push(`${label}: ${kb(bytes)} > ${kb(budget)}`);
    const limit = budget === undefined ? '' : ` (budget ${kb(budget)})${over ? '  OVER' : ''}`;
    console.log(`  ${label.padEnd(56)} ${kb(bytes).padStart(10)}${limit}`);
  };

  console.log(
    `Web budgets for ${relative(process.cwd(), distDir) || distDir} (gzip, zlib default level)\n`,
  );
  console.log('Initial JS (entry + static imports):');
  for (const { file, gzip } of result.initial) line(file, gzip);
  line(
    'total',
    result.initial.reduce((sum, { gzip }) => sum + gzip, 0),
    BUDGETS.initialJs,
  );

  console.log('\nLazy JS chunks (each):');
  for (const { file, gzip, route } of result.lazy.sort((a, b) => b.gzip - a.gzip))
    line(route ? `${file} [${route}]` : file, gzip, BUDGETS.lazyChunk);

  console.log('\nFirst visit to each route, JS beyond the initial (for reading, no budget):');
  for (const { route, extra } of result.routes) line(route, extra);

  console.log('\nCSS:');
  for (const { file, gzip } of result.css) line(file, gzip, BUDGETS.css);
  line(
    'total',
    result.css.reduce((sum, { gzip }) => sum + gzip, 0),
    BUDGETS.css,
  );

  console.log('\nCompile hint (V8 compiles the chunk as it streams in):');
  if (result.framework.length === 0) failures.push('no framework chunk in the initial JS');
  for (const { file, compileHint } of result.framework) {
    console.log(`  ${file.padEnd(56)} ${compileHint ? 'yes' : 'MISSING'}`);
    if (!compileHint) failures.push(`${file}: does not start with ${COMPILE_HINT}`);
  }

  // The UI-only demo's service worker answers the app's requests with fixtures: never in a build
  // the BFF serves (web/vite.config.ts leaves it out).
  if (existsSync(join(distDir, 'mockServiceWorker.js')))
    failures.push("mockServiceWorker.js (the demo's msw worker) is in the production build");

  if (result.unreachable.length > 0)
    console.log(`\nNote: not loaded from the entry: ${result.unreachable.join(', ')}`);

  if (failures.length > 0) {
    console.error(`\nOver budget:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log('\nAll within budget.');
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(
      `No build at ${dist}: run "node scripts/pnpm.mjs --filter @ers/web build" first.`,
    );
    process.exit(2);
  }
  process.exit(report(dist));
}
