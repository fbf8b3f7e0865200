#!/usr/bin/env node
// Checks every relative link and #anchor in the repository's README.md files and docs/: the file
// must exist and, for an anchor, one of its headings must have that slug as GitHub makes it.
// External links are not fetched (the build machines have no internet). `npm test` runs it; on
// its own: `node scripts/check-links.mjs [root]`. Exits non-zero naming each broken link.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'reports', '.local']);

/** README.md anywhere (outside dependencies and build output) and every .md under docs/. */
export function markdownFiles(root) {
  const found = [];
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name === 'README.md' ||
        (entry.name.endsWith('.md') && relative(root, path).split('/')[0] === 'docs')
      )
        found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** The text outside fenced code blocks and inline code spans, where links live. */
function withoutCode(markdown) {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/**
 * GitHub's heading slug (github-slugger, which github.com uses): the heading as rendered, lower
 * case, without punctuation other than hyphens and underscores, each space a hyphen; a repeated
 * slug gets -1, -2, ... in order. Written here rather than added as a dependency for 10 lines.
 */
export function slugsOf(markdown) {
  const seen = new Map();
  const slugs = new Set();
  const headings = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm);
  for (const [, heading] of headings) {
    const text = heading
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  // Explicit anchors (<a id="...">, <a name="...">) are targets too.
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) slugs.add(id);
  return slugs;
}

/** Every broken link in the given files, as "file:line: link (why)". */
export function brokenLinks(root, files = markdownFiles(root)) {
  const broken = [];
  const slugCache = new Map();
  const slugsFor = (file) => {
    if (!slugCache.has(file)) slugCache.set(file, slugsOf(readFileSync(file, 'utf8')));
    return slugCache.get(file);
  };
  for (const file of files) {
    const lines = withoutCode(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      // [text](target) and [text](target "title"); reference definitions: [label]: target
      const targets = [
        ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
        ...[...line.matchAll(/^\s*\[[^\]]+\]:\s+(\S+)/g)].map((m) => m[1]),
      ];
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
        const where = `${relative(root, file)}:${index + 1}: ${target}`;
        const [pathPart, anchor] = target.split('#', 2);
        const path = decodeURIComponent(pathPart);
        const destination = path === '' ? file : resolve(dirname(file), path);
        if (!existsSync(destination)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor === undefined || anchor === '') continue;
        if (statSync(destination).isDirectory() || !destination.endsWith('.md')) {
          broken.push(`${where} (an anchor into something that is not a markdown file)`);
        } else if (!slugsFor(destination).has(decodeURIComponent(anchor))) {
          broken.push(`${where} (no heading with that anchor)`);
        }
      }
    });
  }
  return broken;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const files = markdownFiles(root);
  const broken = brokenLinks(root, files);
  if (broken.length > 0) {
    console.error(`Broken links:\n${broken.map((each) => `  ${each}`).join('\n')}`);
    process.exit(1);
  }
  console.log(
    `Links: ${files.length} markdown files checked, every relative link and anchor resolves.`,
  );
}
