import { randomUUID } from 'node:crypto';

/** Body of every Epicor REST error (reference section 7: TOOLS fields plus KDOC's ErrorDetails/CorrelationId). */
export interface EpicorErrorBody {
  HttpStatus: number;
  ReasonPhrase: string;
  ErrorMessage: string;
  ErrorType: string;
  ErrorDetails?: { Message: string; Type: string; Table?: string; Field?: string }[];
  CorrelationId: string;
}

export const BL_EXCEPTION = 'Ice.BLException';
export const API_EXCEPTION = 'Epicor.RESTApi.ErrorHandling.ApiException';

export class EpicorError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorType = API_EXCEPTION,
    readonly table?: string,
    readonly field?: string,
  ) {
    super(message);
  }

  body(): EpicorErrorBody {
    return errorBody(this.status, this.message, this.errorType, this.table, this.field);
  }
}

export function errorBody(
  status: number,
  message: string,
  errorType = API_EXCEPTION,
  table?: string,
  field?: string,
): EpicorErrorBody {
  const body: EpicorErrorBody = {
    HttpStatus: status,
    ReasonPhrase: 'REST API Exception',
    ErrorMessage: message,
    ErrorType: errorType,
    CorrelationId: randomUUID(),
  };
  if (errorType === BL_EXCEPTION) body.ErrorDetails = [{ Message: message, Type: 'Error', Table: table, Field: field }];
  return body;
}

/** What an unhandled server exception looks like (reference section 7, epiusers "how do we even function"). */
export function internalErrorBody(status = 500): EpicorErrorBody {
  const id = randomUUID();
  return {
    HttpStatus: status,
    ReasonPhrase: 'REST API Exception',
    ErrorMessage:
      'We apologize, but an unexpected internal problem occurred. Please provide your system administrator ' +
      `with the following information: Correlation ID: ${id}`,
    ErrorType: 'Ice.Common.EpicorServerException',
    CorrelationId: id,
  };
}

/** Body for a status injected by a fault rule, shaped like the real server would answer it. */
export function injectedErrorBody(status: number): EpicorErrorBody {
  if (status >= 500 && status !== 503) return internalErrorBody(status);
  const message =
    status === 429
      ? 'Too many requests. Please retry later.'
      : status === 503
        ? 'The server is not ready to process requests (ConversionsPendingException).'
        : status === 401
          ? 'Invalid or expired token.'
          : `Request failed with status ${status}.`;
  return errorBody(status, message);
}

/** Business-rule refusal, as Epicor BOs throw them: 400 with ErrorType Ice.BLException. */
export const bl = (message: string, table?: string, field?: string) =>
  new EpicorError(400, message, BL_EXCEPTION, table, field);
export const badRequest = (message: string) => new EpicorError(400, message);
export const notFound = (message: string) => new EpicorError(404, message);
export const unauthorized = (message: string) => new EpicorError(401, message);
