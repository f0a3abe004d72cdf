import { createEpicorSimulator, type EpicorSimOptions, type EpicorSimulator } from '../../../src/sandbox/epicor';

export const API = '/Kinetic/api/v2/odata/EPIC06';
export const BASIC = `Basic ${Buffer.from('manager:manager').toString('base64')}`;

export const smallSeed: NonNullable<EpicorSimOptions['seed']> = {
  parts: [
    { partNum: 'WIDGET-100', description: 'Widget, steel, 100mm', unitPrice: '12.50' },
    { partNum: 'WIDGET-200', description: 'Widget, steel, 200mm', unitPrice: '19.90', webPart: true },
    { partNum: "O'BRIEN-KIT", description: "O'Brien repair kit", unitPrice: '45.00', webPart: true },
    { partNum: 'OLD-1', description: 'Discontinued gadget', unitPrice: '3.10', inActive: true, webPart: true },
  ],
  customers: [
    { custId: 'ACME', name: 'Acme Corp', email: 'buyer@acme.test', city: 'Springfield', checkDuplicatePO: true },
    { custId: 'HOLD', name: 'Slow Payer Ltd', creditHold: true },
    { custId: 'WEBGUEST', name: 'Web Guest' },
  ],
  warehouses: [
    { partNum: 'WIDGET-100', warehouseCode: 'MAIN', onHandQty: 40 },
    { partNum: 'WIDGET-100', warehouseCode: 'EAST', onHandQty: 2 },
  ],
};

export function makeSim(opts: EpicorSimOptions = {}): EpicorSimulator {
  return createEpicorSimulator({ seed: smallSeed, ...opts });
}

/** A request with the API key and Basic auth, JSON body when given. */
export function call(
  sim: EpicorSimulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'x-api-key': 'sandbox-api-key', authorization: BASIC, ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return Promise.resolve(
    sim.app.request(path.startsWith('/') ? path : `${API}/${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
}

export async function getJson(sim: EpicorSimulator, path: string): Promise<{ status: number; body: any; text: string }> {
  const res = await call(sim, path);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

export async function postJson(
  sim: EpicorSimulator,
  path: string,
  body: unknown,
): Promise<{ status: number; body: any; text: string }> {
  const res = await call(sim, path, { body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

/** encodeURIComponent for a whole query value: spaces as %20, as the real server wants. */
export const q = (s: string) => encodeURIComponent(s);
