import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes: the Web UI's list can be filtered by the Woo order id and the Epicor order number. */
export const WooOrderId = defineSearchAttributeKey('WooOrderId', SearchAttributeType.KEYWORD);
export const EpicorOrderNum = defineSearchAttributeKey('EpicorOrderNum', SearchAttributeType.KEYWORD);
/**
 * The failure type a parked order waits on (`UnknownSku`, `CreditHold`, ...), unset when it unparks, so
 * `temporal workflow list --query "ParkedReason != ''"` lists what needs a person. The full message is in the memo.
 */
export const ParkedReason = defineSearchAttributeKey('ParkedReason', SearchAttributeType.KEYWORD);

export const searchAttributeKeys = [WooOrderId, EpicorOrderNum, ParkedReason];
