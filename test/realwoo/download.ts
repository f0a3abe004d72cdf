/**
 * Downloads the official WordPress and WooCommerce releases into a cache folder, as the tarball names
 * setup.sh expects. Usage: download.ts <wcVersion> <wpVersion> <dir>. WooCommerce ships as a zip only; it is
 * repacked with Python's zipfile and tar (both on any machine that runs this project's tests).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function fetchTo(url: string, file: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
}

async function main(): Promise<void> {
  const [wc, wp, dir] = process.argv.slice(2);
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(join(dir, '.download-'));
  try {
    await fetchTo(`https://wordpress.org/wordpress-${wp}.tar.gz`, join(tmp, 'wp.tar.gz'));
    await fetchTo(`https://downloads.wordpress.org/plugin/woocommerce.${wc}.zip`, join(tmp, 'wc.zip'));
    execFileSync('python3', ['-m', 'zipfile', '-e', join(tmp, 'wc.zip'), join(tmp, 'x')]);
    execFileSync('tar', ['-czf', join(tmp, 'wc.tar.gz'), '-C', join(tmp, 'x'), 'woocommerce']);
    // Renamed last, so a half-finished download never looks like a cached release.
    renameSync(join(tmp, 'wc.tar.gz'), join(dir, `woocommerce-${wc}.tar.gz`));
    renameSync(join(tmp, 'wp.tar.gz'), join(dir, `wordpress-${wp}.tar.gz`));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  const cause = (err.cause as Error | undefined)?.message;
  process.stderr.write(`${err.message}${cause ? ` (${cause})` : ''}\n`);
  process.exit(1);
});
