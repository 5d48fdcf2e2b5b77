// Builds the console for the Maven build (and `npm run build`), with the machine's own node and npm.
// Skips the work when nothing it reads changed since the last build, so `mvn -pl gateway -am ...`
// stays cheap: `npm ci` runs only when package-lock.json changed, the Vite build only when a source,
// a config file or the admin API's openapi.yaml changed (or the output is gone, e.g. after mvn clean).
//   node scripts/build.mjs           build if needed
//   node scripts/build.mjs --force   always build
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const openapi = join(root, '../admin-api/src/main/resources/io/switchboard/admin/openapi.yaml');
const out = join(root, 'target/classes/io/switchboard/console');
const stampFile = join(root, 'target/console-build.sha256');
const lockStamp = join(root, 'node_modules/.switchboard-lock.sha256');
const force = process.argv.includes('--force');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

function hash(paths) {
  const digest = createHash('sha256');
  for (const path of paths) {
    digest.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return digest.digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) {
    console.error(`console: could not run ${command}: ${result.error.message} (install Node.js >= 20.19 and npm)`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`console: ${command} ${args.join(' ')} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`console: Node.js ${process.versions.node} is too old; Vite needs >= 20.19`);
  process.exit(1);
}

const lockHash = hash([join(root, 'package-lock.json')]);
if (!existsSync(lockStamp) || readFileSync(lockStamp, 'utf8') !== lockHash) {
  console.log('console: npm ci (package-lock.json changed or node_modules missing)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(lockStamp, lockHash);
}

const inputs = [
  ...['package.json', 'package-lock.json', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => join(root, f)),
  openapi,
  ...files(join(root, 'src')).filter((f) => !f.endsWith(join('api', 'schema.ts'))),
].sort();
const buildHash = hash(inputs);
if (!force && existsSync(join(out, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === buildHash) {
  console.log('console: up to date');
  process.exit(0);
}
const started = Date.now();
run('npm', ['run', '--silent', 'build:vite']);
mkdirSync(dirname(stampFile), { recursive: true });
writeFileSync(stampFile, buildHash);
console.log(`console: built in ${Date.now() - started} ms`);
