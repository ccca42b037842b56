#!/usr/bin/env node
// Packs the built server, the built dashboard and the `amiga-monitor` command into one npm
// package: dist/amiga-monitor-<version>.tgz. Run after `pnpm build` (`pnpm run pack` does both).
//
// Layout inside the package:
//   package.json                       name amiga-monitor, the server's version, exact runtime deps
//   dist/                              apps/server/dist (the bin is dist/cli/main.js)
//   dashboard/                         apps/dashboard/dist (found by the server's defaultDashboardDir)
//   node_modules/@amiga/protocol/      packages/protocol/dist, bundled (bundleDependencies): it is not published
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const serverDir = path.join(root, 'apps/server');
const protocolDir = path.join(root, 'packages/protocol');
const dashboardDist = path.join(root, 'apps/dashboard/dist');
const outDir = path.join(root, 'dist');
const stage = path.join(outDir, '.stage');

function fail(message) {
  process.stderr.write(`pack: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The versions pnpm resolved for one importer of pnpm-lock.yaml (`dependencies` only), peer suffixes stripped. */
function lockedDependencies(lockText, importer) {
  const lines = lockText.split('\n');
  const start = lines.indexOf(`  ${importer}:`);
  if (start < 0) fail(`pnpm-lock.yaml has no importer ${importer}`);
  const versions = {};
  let inDeps = false;
  let name = null;
  for (const line of lines.slice(start + 1)) {
    if (/^ {0,2}\S/.test(line)) break; // the next importer or top-level section
    if (/^ {4}\S/.test(line)) {
      inDeps = line.trim() === 'dependencies:';
      continue;
    }
    if (!inDeps) continue;
    const dep = /^ {6}'?([^':]+)'?:\s*$/.exec(line);
    if (dep) {
      name = dep[1];
      continue;
    }
    const ver = /^ {8}version: '?([^'\s]+)'?$/.exec(line);
    if (ver && name) versions[name] = ver[1].replace(/\(.*$/, '');
  }
  return versions;
}

/** Copies a folder, leaving out source maps (they point at src/, which is not shipped). */
function copyBuilt(from, to) {
  if (!fs.existsSync(from)) fail(`${path.relative(root, from)} is missing: run \`pnpm build\` first (or \`pnpm run pack\`)`);
  fs.cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('.map') });
}

const server = readJson(path.join(serverDir, 'package.json'));
const protocol = readJson(path.join(protocolDir, 'package.json'));
if (!fs.existsSync(path.join(dashboardDist, 'index.html'))) fail('apps/dashboard/dist/index.html is missing: run `pnpm build` first');
if (!fs.existsSync(path.join(serverDir, 'dist/cli/main.js'))) fail('apps/server/dist/cli/main.js is missing: run `pnpm build` first');

const lock = fs.readFileSync(path.join(root, 'pnpm-lock.yaml'), 'utf8');
const serverLocked = lockedDependencies(lock, 'apps/server');
const protocolLocked = lockedDependencies(lock, 'packages/protocol');

const dependencies = {};
for (const name of Object.keys(server.dependencies)) {
  if (name === protocol.name) continue;
  const v = serverLocked[name];
  if (!v || !/^\d+\.\d+\.\d+/.test(v)) fail(`no exact locked version for ${name} (got ${v ?? 'nothing'})`);
  dependencies[name] = v;
}
for (const name of Object.keys(protocol.dependencies ?? {})) {
  const v = protocolLocked[name];
  if (!v || !/^\d+\.\d+\.\d+/.test(v)) fail(`no exact locked version for ${protocol.name}'s ${name}`);
  if (dependencies[name] && dependencies[name] !== v) fail(`${name}: server locks ${dependencies[name]}, protocol ${v}`);
  dependencies[name] = v;
}
dependencies[protocol.name] = protocol.version;

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
copyBuilt(path.join(serverDir, 'dist'), path.join(stage, 'dist'));
copyBuilt(dashboardDist, path.join(stage, 'dashboard'));
const bundled = path.join(stage, 'node_modules', protocol.name);
copyBuilt(path.join(protocolDir, 'dist'), path.join(bundled, 'dist'));
fs.writeFileSync(
  path.join(bundled, 'package.json'),
  `${JSON.stringify(
    {
      name: protocol.name,
      version: protocol.version,
      description: protocol.description,
      type: 'module',
      sideEffects: false,
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      // No `dependencies`: npm takes a bundled package's dependencies as bundled too and leaves
      // them empty on install. Its imports (zod) resolve to amiga-monitor's own node_modules,
      // where the same locked versions are installed as the package's dependencies (below).
    },
    null,
    2,
  )}\n`,
);

const rootPkg = readJson(path.join(root, 'package.json'));
const pkg = {
  name: 'amiga-monitor',
  version: server.version,
  description: rootPkg.description,
  type: 'module',
  bin: { 'amiga-monitor': 'dist/cli/main.js' },
  files: ['dist', 'dashboard'],
  engines: rootPkg.engines,
  dependencies,
  bundleDependencies: [protocol.name],
};
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
for (const doc of ['README.md', 'SECURITY.md', 'LICENSE']) {
  if (fs.existsSync(path.join(root, doc))) fs.copyFileSync(path.join(root, doc), path.join(stage, doc));
}

const tarball = `amiga-monitor-${pkg.version}.tgz`;
fs.rmSync(path.join(outDir, tarball), { force: true });
execFileSync('npm', ['pack', '--pack-destination', outDir, '--ignore-scripts', '--loglevel=warn'], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
if (!fs.existsSync(path.join(outDir, tarball))) fail(`npm pack did not write dist/${tarball}`);
fs.rmSync(stage, { recursive: true, force: true });
process.stdout.write(`${path.join(outDir, tarball)}\n`);
