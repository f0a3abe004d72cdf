import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The WordPress release each WooCommerce version is tested on (WooCommerce 11 needs WordPress ≥ 6.9). */
export const WORDPRESS_FOR: Record<string, string> = { '9.9.5': '6.8.3', '11.0.1': '7.0.4' };

export const KIT_DIR = resolve(__dirname, 'kit');

export type Releases = { ok: true; wpTarball: string; wcTarball: string; from: string } | { ok: false; reason: string };

const names = (wc: string) => ({ wp: `wordpress-${WORDPRESS_FOR[wc]}.tar.gz`, wc: `woocommerce-${wc}.tar.gz` });

/** Where downloaded releases are kept between runs. */
export const cacheDir = (): string => process.env.REALWOO_CACHE ?? join(homedir(), '.cache', 'epicor-woo', 'realwoo');

/**
 * The release tarballs for one WooCommerce version: from `REALWOO_TARBALLS` (CI points it at a local copy), else
 * from the download cache, else downloaded from wordpress.org. Synchronous because jest decides at load time
 * whether a suite runs; a miss returns the reason, which the suite prints as its one "skipped" line.
 */
export function findReleases(wcVersion: string): Releases {
  const want = names(wcVersion);
  const dir = process.env.REALWOO_TARBALLS;
  if (dir) {
    const wp = join(dir, want.wp);
    const wc = join(dir, want.wc);
    const missing = [wp, wc].filter((f) => !existsSync(f));
    if (missing.length) return { ok: false, reason: `REALWOO_TARBALLS=${dir} lacks ${missing.map((f) => f.slice(dir.length + 1)).join(', ')}` };
    for (const f of [wp, wc]) checkSum(f);
    return { ok: true, wpTarball: wp, wcTarball: wc, from: dir };
  }
  const cache = cacheDir();
  const cached = { wp: join(cache, want.wp), wc: join(cache, want.wc) };
  if (existsSync(cached.wp) && existsSync(cached.wc)) return { ok: true, wpTarball: cached.wp, wcTarball: cached.wc, from: cache };
  if (process.env.REALWOO_DOWNLOAD === '0') return { ok: false, reason: 'REALWOO_TARBALLS is unset and REALWOO_DOWNLOAD=0' };

  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'download.ts'), wcVersion, WORDPRESS_FOR[wcVersion], cache], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status === 0 && existsSync(cached.wp) && existsSync(cached.wc)) {
    return { ok: true, wpTarball: cached.wp, wcTarball: cached.wc, from: `${cache} (downloaded)` };
  }
  const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n').pop();
  return { ok: false, reason: `REALWOO_TARBALLS is unset and downloading the releases from wordpress.org failed: ${why}` };
}

/** The kit's SHA256SUMS name the reproducible tarballs it was tested with; a file of that name must match. */
function checkSum(file: string): void {
  const sums = readFileSync(join(KIT_DIR, 'SHA256SUMS'), 'utf8');
  const base = file.split('/').pop()!;
  const line = sums.split('\n').find((l) => l.endsWith(`  ${base}`));
  if (!line) return;
  const actual = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (actual !== line.split(' ')[0]) throw new Error(`${file} does not match test/realwoo/kit/SHA256SUMS`);
}
