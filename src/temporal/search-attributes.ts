import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes: the Web UI's list can be filtered by the Woo order id and the Epicor order number. */
export const WooOrderId = defineSearchAttributeKey('WooOrderId', SearchAttributeType.KEYWORD);
export const EpicorOrderNum = defineSearchAttributeKey('EpicorOrderNum', SearchAttributeType.KEYWORD);
export const Sku = defineSearchAttributeKey('Sku', SearchAttributeType.KEYWORD);

export const searchAttributeKeys = [WooOrderId, EpicorOrderNum, Sku];
