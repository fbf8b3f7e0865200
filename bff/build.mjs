// Builds the production BFF: src/main.ts and the workspace TypeScript it imports (@ers/shared)
// into one ES module, dist/main.js, that plain `node` runs. npm dependencies stay outside the
// bundle, installed as production dependencies beside it: what runs is what the lockfile pins,
// and their own files (pino's, the redis client's) are where they expect to be.
// Usage: node build.mjs  (from bff/; the Dockerfile and test/production-start.test.ts run it)
//        node build.mjs --entry bench/measured-server.ts --outfile dist/bench/measured-server.js
//        (the benchmark measures the BFF as this build transforms it, not as tsx does)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values: args } = parseArgs({
  options: {
    entry: { type: 'string', default: 'src/main.ts' },
    outfile: { type: 'string', default: 'dist/main.js' },
  },
});
const here = (path) => new URL(path, import.meta.url).pathname;

const manifest = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const bff = manifest('./package.json');
const isWorkspace = (spec) => spec.startsWith('workspace:');
const external = Object.keys(bff.dependencies).filter(
  (name) => !isWorkspace(bff.dependencies[name]),
);

// A workspace package is bundled, so its own npm dependencies must be the BFF's too, or the
// bundle would import a package the production install does not have.
for (const [name, spec] of Object.entries(bff.dependencies)) {
  if (!isWorkspace(spec)) continue;
  const workspace = manifest(`./node_modules/${name}/package.json`);
  const missing = Object.keys(workspace.dependencies ?? {}).filter(
    (dep) => !external.includes(dep),
  );
  if (missing.length) {
    console.error(`${name} needs ${missing.join(', ')}: add to bff/package.json dependencies`);
    process.exit(1);
  }
}

await build({
  entryPoints: [here(args.entry)],
  outfile: here(args.outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  // engines.node: the first Node 24 LTS.
  target: 'node24.11',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
