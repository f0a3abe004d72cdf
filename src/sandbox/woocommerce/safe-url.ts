import { lookup } from 'node:dns/promises';

/**
 * core wp_http_validate_url() as used by wp_safe_remote_*() (reference 1.1): the host must resolve to a
 * public IPv4 address (loopback, private, link-local, CGNAT refused) unless it is the site's own host, and an
 * explicit port must be 80, 443, 8080 or the site's own port. Returns a reason when unsafe.
 */
export async function unsafeReason(url: string, siteUrl: string): Promise<string | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'A valid URL was not provided.';
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password) return 'A valid URL was not provided.';
  const home = new URL(siteUrl);
  const host = u.hostname.toLowerCase();
  const sameHost = host === home.hostname.toLowerCase();
  if (!sameHost) {
    let ip = host;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      try {
        ip = (await lookup(host, { family: 4 })).address;
      } catch {
        return 'A valid URL was not provided.';
      }
    }
    if (isPrivateIPv4(ip)) return 'A valid URL was not provided.';
  }
  if (!u.port) return undefined;
  const port = Number(u.port);
  if ([80, 443, 8080].includes(port)) return undefined;
  if (sameHost && home.port && Number(home.port) === port) return undefined;
  return 'A valid URL was not provided.';
}

export function isPrivateIPv4(ip: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return true; // WordPress only accepts what gethostbyname() resolves to an IPv4 address
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}
