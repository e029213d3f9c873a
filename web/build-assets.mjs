// Builds the static assets served under /static/.
//
// Reads Bootstrap Italia from node_modules (installed by `npm ci`) and the
// project's own files from web/static/own/, and writes to web/static/vendor/:
//   - every asset under a content-hashed name (name.<hash>.ext);
//   - a .gz and a .br beside each text asset, when that saves bytes;
//   - manifest.json, mapping each logical name to its hashed name.
// CSS url(...) references to local files are followed: the referenced file is
// processed too and the reference rewritten to its hashed name.
//
// Plain Node (>= 20), builtins only. Run through `make assets`.

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'node_modules', 'bootstrap-italia', 'dist');
const ownDir = path.join(root, 'web', 'static', 'own');
const outDir = path.join(root, 'web', 'static', 'vendor');

// Files taken from the Bootstrap Italia package: [logical name, path in dist].
// Fonts are not listed: web/static/own/fonts.css references them.
const vendorFiles = [
  ['bootstrap-italia.min.css', 'css/bootstrap-italia.min.css'],
  ['bootstrap-italia.bundle.min.js', 'js/bootstrap-italia.bundle.min.js'],
  ['sprites.svg', 'svg/sprites.svg'],
];

// Extensions that get precompressed siblings. Fonts (woff, woff2) and images
// are already compressed.
const textExt = new Set(['.css', '.js', '.mjs', '.svg', '.json', '.txt', '.map']);

const hashLength = 8;

class BuildError extends Error {}

// Processed assets, by absolute source path.
const bySource = new Map();
// Logical name -> source path, to refuse two sources with one name.
const sourceOf = new Map();
// Logical name -> hashed name: the manifest.
const manifest = new Map();
// Files to write: hashed name -> bytes.
const outputs = new Map();

function hashedName(logical, data) {
  const digest = createHash('sha256').update(data).digest('hex').slice(0, hashLength);
  const ext = path.extname(logical);
  return `${logical.slice(0, logical.length - ext.length)}.${digest}${ext}`;
}

// Rewrites url(...) references in CSS text. Local references are processed
// as assets and replaced by their hashed names; data:, absolute and
// fragment-only URLs are left alone.
async function rewriteCSS(text, sourcePath) {
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s][^)\s]*))\s*\)/g;
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const ref = m[1] ?? m[2] ?? m[3];
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (/^(data:|[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref)) {
      parts.push(m[0]);
      continue;
    }
    if (ref.startsWith('/')) {
      throw new BuildError(`${rel(sourcePath)}: root-relative url(${ref}) is not supported; use a path relative to the CSS file`);
    }
    // The query is dropped (the hash does its job); a fragment is kept.
    const cut = ref.search(/[?#]/);
    const file = cut < 0 ? ref : ref.slice(0, cut);
    const fragment = ref.includes('#') ? ref.slice(ref.indexOf('#')) : '';
    const depPath = path.resolve(path.dirname(sourcePath), decodeURI(file));
    if (!statSync(depPath, { throwIfNoEntry: false })?.isFile()) {
      throw new BuildError(`${rel(sourcePath)}: url(${ref}) points to a missing file ${rel(depPath)}`);
    }
    const hashed = await processFile(path.basename(depPath), depPath);
    parts.push(`url("${hashed}${fragment}")`);
  }
  parts.push(text.slice(last));
  return parts.join('');
}

// Processes one asset and returns its hashed name.
async function processFile(logical, sourcePath) {
  const done = bySource.get(sourcePath);
  if (done) return done;
  const other = sourceOf.get(logical);
  if (other && other !== sourcePath) {
    throw new BuildError(`logical name ${logical} used by both ${rel(other)} and ${rel(sourcePath)}`);
  }
  sourceOf.set(logical, sourcePath);

  let data = await readFile(sourcePath);
  if (path.extname(logical) === '.css') {
    let text = data.toString('utf8');
    // We do not ship source maps: drop the reference so browsers don't ask.
    text = text.replace(/\/\*#\s*sourceMappingURL=[^*]*\*\/\s*$/, '');
    text = await rewriteCSS(text, sourcePath);
    data = Buffer.from(text, 'utf8');
  }
  const hashed = hashedName(logical, data);
  bySource.set(sourcePath, hashed);
  manifest.set(logical, hashed);
  outputs.set(hashed, data);
  return hashed;
}

async function writeOutputs() {
  const sizes = [];
  for (const [name, data] of [...outputs].sort(([a], [b]) => a.localeCompare(b))) {
    await writeFile(path.join(outDir, name), data);
    const row = { name, raw: data.length, gz: '-', br: '-' };
    if (textExt.has(path.extname(name))) {
      const gz = zlib.gzipSync(data, { level: 9 });
      const br = zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      });
      if (gz.length < data.length) {
        await writeFile(path.join(outDir, name + '.gz'), gz);
        row.gz = gz.length;
      }
      if (br.length < data.length) {
        await writeFile(path.join(outDir, name + '.br'), br);
        row.br = br.length;
      }
    }
    sizes.push(row);
  }
  return sizes;
}

// Removes the previous build, keeping .keep (tracked by git).
async function clean() {
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir)) {
    if (entry === '.keep') continue;
    await rm(path.join(outDir, entry), { recursive: true, force: true });
  }
}

function rel(p) {
  return path.relative(root, p);
}

async function main() {
  if (!existsSync(dist)) {
    throw new BuildError(`${rel(dist)} not found: run npm ci first (make assets does)`);
  }
  await clean();

  for (const [logical, file] of vendorFiles) {
    await processFile(logical, path.join(dist, file));
  }
  const own = (await readdir(ownDir, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const name of own) {
    await processFile(name, path.join(ownDir, name));
  }

  const sizes = await writeOutputs();
  const sorted = Object.fromEntries([...manifest].sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(sorted, null, 2) + '\n');

  for (const { name, raw, gz, br } of sizes) {
    console.log(`${name.padEnd(60)} ${String(raw).padStart(8)} ${String(gz).padStart(8)} gz ${String(br).padStart(8)} br`);
  }
  console.log(`wrote ${outputs.size} assets and manifest.json to ${rel(outDir)}`);
}

main().catch((err) => {
  console.error(`build-assets: ${err instanceof BuildError ? err.message : err.stack}`);
  process.exitCode = 1;
});
