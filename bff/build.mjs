// Builds the production BFF: src/main.ts and the workspace TypeScript it imports (@ers/shared)
// into one ES module, dist/main.js, that plain `node` runs. npm dependencies stay outside the
// bundle, installed as production dependencies beside it: what runs is what the lockfile pins,
// and their own files (pino's, the redis client's) are where they expect to be.
// Usage: node build.mjs  (from bff/; the Dockerfile and test/production-start.test.ts run it)
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

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
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/main.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external,
  sourcemap: true,
  logLevel: 'warning',
});
