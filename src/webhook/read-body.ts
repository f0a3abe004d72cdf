/**
 * Reads a request body up to `maxBytes`, refusing early from Content-Length and again while reading
 * (a chunked or lying sender cannot make us buffer more). Undefined = too large.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return undefined;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
