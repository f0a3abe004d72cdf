import { inspect } from 'node:util';
import { EpicorError, isEpicorError } from '../../src/epicor';
import { errorFromResponse, errorFromTransport, errorFromUpdateErrors } from '../../src/epicor/errors';

const now = Date.parse('2025-03-04T12:00:00Z');
const respond = (status: number, write = false, body: unknown = {}, retryAfter?: string) =>
  errorFromResponse({ write, operation: write ? 'POST Svc/Set' : 'GET Svc/Set', status, body, retryAfter, now, secrets: ['s3cret-key'] });

describe('error classification', () => {
  test('400 Ice.BLException is a permanent business error with its details', () => {
    const err = respond(400, true, {
      HttpStatus: 400,
      ReasonPhrase: 'REST API Exception',
      ErrorMessage: 'PO number WEB-1 has already been used for this customer.',
      ErrorType: 'Ice.BLException',
      ErrorDetails: [{ Message: 'PO number WEB-1 has already been used for this customer.', Type: 'Error', Table: 'OrderHed', Field: 'PONum' }],
      CorrelationId: 'abc-123',
    });
    expect(err).toBeInstanceOf(EpicorError);
    expect(isEpicorError(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, category: 'business', retryable: false, errorType: 'Ice.BLException', correlationId: 'abc-123' });
    expect(err.details).toEqual([{ message: expect.stringContaining('PO number'), type: 'Error', table: 'OrderHed', field: 'PONum' }]);
    expect(err.message).toContain('PO number WEB-1 has already been used');
  });

  test.each([
    [404, false, 'not-found', false],
    [401, false, 'auth', false],
    [408, false, 'timeout', true],
    [429, false, 'rate-limited', true],
    [502, false, 'unavailable', true],
    [503, true, 'unavailable', true],
    [504, false, 'unavailable', true],
    [500, false, 'server', true],
    [500, true, 'unknown-outcome', false],
  ] as const)('HTTP %i (write=%s) is %s, retryable=%s', (status, write, category, retryable) => {
    expect(respond(status, write)).toMatchObject({ status, category, retryable });
  });

  test('500 on a write flags the outcome as unknown', () => {
    expect(respond(500, true).outcomeUnknown).toBe(true);
    expect(respond(500, false).outcomeUnknown).toBeUndefined();
  });

  test('Retry-After in seconds or as an HTTP date becomes retryAfterMs', () => {
    expect(respond(429, false, {}, '7').retryAfterMs).toBe(7000);
    expect(respond(503, false, {}, new Date(now + 30_000).toUTCString()).retryAfterMs).toBe(30_000);
    expect(respond(429, false, {}).retryAfterMs).toBeUndefined();
  });

  test('a secret echoed by the server is scrubbed from the message', () => {
    const err = respond(401, false, { ErrorMessage: "Invalid API key 's3cret-key'." });
    expect(err.message).not.toContain('s3cret-key');
    expect(err.message).toContain('[redacted]');
  });

  test('UpdateExt BOUpdError rows become one business error', () => {
    const err = errorFromUpdateErrors('POST Erp.BO.SalesOrderSvc/UpdateExt', [{ TableName: 'OrderDtl', ErrorLevel: 'Error', ErrorType: 'Error', ErrorText: 'Part not found' }], []);
    expect(err).toMatchObject({ category: 'business', retryable: false, errorType: 'BOUpdError' });
    expect(err.message).toContain('OrderDtl: Part not found');
  });

  test('transport failures: refused is network and safe for writes, reset on a write has an unknown outcome', () => {
    const refused = errorFromTransport(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true, 'POST Svc/M', 1000);
    expect(refused).toMatchObject({ category: 'network', retryable: true, code: 'ECONNREFUSED' });
    expect(refused.outcomeUnknown).toBeUndefined();
    const reset = errorFromTransport(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), true, 'POST Svc/M', 1000);
    expect(reset).toMatchObject({ category: 'network', retryable: true, outcomeUnknown: true });
  });

  test('an aborted deadline is a timeout', () => {
    const abort = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(errorFromTransport(abort, false, 'GET Svc/Set', 250)).toMatchObject({ category: 'timeout', retryable: true });
    expect(errorFromTransport(abort, false, 'GET Svc/Set', 250).message).toContain('250 ms');
  });

  test('errors serialise to plain data without a cause', () => {
    const err = respond(503, false, { ErrorMessage: 'busy' }, '3');
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toMatchObject({ category: 'unavailable', retryable: true, retryAfterMs: 3000, status: 503 });
    expect(err.cause).toBeUndefined();
    expect(inspect(err)).toContain('unavailable');
  });
});
