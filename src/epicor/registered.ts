import type { EpicorClient } from './client';
import { unregistered } from './touch-points';

/**
 * The client as the product gets it: every call is checked against the touch-point registry first, so a
 * name that was never checked against the Kinetic schema (or probed by `npm run ping`) fails in the tests
 * instead of on the user's Epicor. A programming error, so it is thrown before anything is sent.
 */
export function registeredOnly(client: EpicorClient): EpicorClient {
  const refuse = (why: string | undefined) => {
    if (why) throw new TypeError(`Epicor call not registered: ${why}`);
  };
  return {
    ...client,
    query(service, set, q = {}) {
      refuse(unregistered({ kind: 'query', service, set, select: q.select, filter: q.filter, orderBy: q.orderBy }));
      return client.query(service, set, q);
    },
    pages(service, set, q) {
      refuse(unregistered({ kind: 'query', service, set, select: q.select, filter: q.filter, orderBy: [...(q.orderBy ?? []), ...(q.key ?? [])] }));
      return client.pages(service, set, q);
    },
    create(service, set, row) {
      refuse(unregistered({ kind: 'create', service, set, body: row }));
      return client.create(service, set, row);
    },
    call(service, method, body) {
      refuse(unregistered({ kind: 'method', service, method, params: Object.keys(body) }));
      return client.call(service, method, body);
    },
    callGet(service, method, params) {
      refuse(unregistered({ kind: 'method', service, method, params: Object.keys(params) }));
      return client.callGet(service, method, params);
    },
  };
}
