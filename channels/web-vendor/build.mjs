// Copies the web chat's browser libraries into the channels jar (run by the Maven build at
// generate-resources, with the machine's own node and npm). `npm ci` runs only when package-lock.json
// changed, so a build with nothing new stays cheap. The versions are pinned in package.json.
//   marked    Markdown to HTML
//   dompurify the sanitiser the HTML goes through before it reaches the page
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, '../target/classes/io/switchboard/channels/web');
const lockStamp = join(root, 'node_modules/.switchboard-lock.sha256');
const files = {
  'marked.umd.js': 'node_modules/marked/lib/marked.umd.js',
  'purify.min.js': 'node_modules/dompurify/dist/purify.min.js',
};

const lockHash = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
if (!existsSync(lockStamp) || readFileSync(lockStamp, 'utf8') !== lockHash) {
  console.log('web chat vendor: npm ci (package-lock.json changed or node_modules missing)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error || result.status !== 0) {
    console.error('web chat vendor: npm ci failed (install Node.js >= 20 and npm)');
    process.exit(result.status || 1);
  }
  writeFileSync(lockStamp, lockHash);
}
mkdirSync(out, { recursive: true });
for (const [name, source] of Object.entries(files)) {
  copyFileSync(join(root, source), join(out, name));
}
