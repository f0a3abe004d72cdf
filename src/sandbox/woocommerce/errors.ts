/**
 * WordPress REST errors: `{code, message, data}`. core rest_convert_error_to_response() answers with
 * `data.status` when data is an object with a status, else HTTP 500: refunds build errors with a bare number
 * as data (reference 3.3), which therefore come back as HTTP 500 with `"data": 404`.
 */
export class WooError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> | number | null = { status: 400 },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    const d = this.data;
    return d && typeof d === 'object' && typeof d.status === 'number' ? d.status : 500;
  }

  toJSON(): { code: string; message: string; data: unknown } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

export const err = (code: string, message: string, status = 400, extra: Record<string, unknown> = {}) =>
  new WooError(code, message, { status, ...extra });

/** Core WP_REST_Request::has_valid_params() error for one parameter. */
export function invalidParam(name: string, message: string, detailCode = 'rest_invalid_param'): WooError {
  return new WooError('rest_invalid_param', `Invalid parameter(s): ${name}`, {
    status: 400,
    params: { [name]: message },
    details: { [name]: { code: detailCode, message, data: null } },
  });
}

export function missingParams(names: string[]): WooError {
  return new WooError('rest_missing_callback_param', `Missing parameter(s): ${names.join(', ')}`, {
    status: 400,
    params: names,
  });
}

/** Permission-callback errors for a request without a valid user (rest_authorization_required_code() = 401). */
export const cannot = {
  list: () => err('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.', 401),
  view: () => err('woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.', 401),
  create: () => err('woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.', 401),
  edit: () => err('woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.', 401),
  delete: () => err('woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.', 401),
  batch: () => err('woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.', 401),
};
